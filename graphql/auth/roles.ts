/** Role checks at the edge (the engine keeps its own; it does not export them). */
import type { Actor, Role } from '../../engine';

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
