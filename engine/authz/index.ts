export * from './actor';
export * from './policy';
export * from './read-policy';
