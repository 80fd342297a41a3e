import { describe, expect, it } from 'vitest';
import { normaliseExpression } from './expression';
import { evaluateFeel } from './feel';
import { withHostFunctions } from './host-functions';
import { translateJuel } from './juel';

/** The FEEL a JUEL body becomes, checked by the FEEL parser as the model's expressions are. */
function feelOf(body: string): string {
  const result = normaliseExpression(body);
  if (!result.ok) throw new Error(result.message);
  return result.expression.feel;
}

describe('translateJuel: what Camunda 7, Flowable and Activiti conditions write', () => {
  it.each([
    ['${execution.getVariable("approved")}', 'approved'],
    ["${execution.getVariable('amount') > 1000}", 'amount > 1000'],
    ['${execution.getVariableLocal("x") == \'y\'}', 'x = "y"'],
    ['${environment.variables.take2}', 'take2'],
    ['${environment.variables.order.total >= 10}', 'order.total >= 10'],
    ["${sentiment.toLowerCase() == 'negative'}", 'lower case(sentiment) = "negative"'],
    ['${name.toUpperCase()}', 'upper case(name)'],
    ['${status.equals("open")}', 'status = "open"'],
    ['${!status.equals("open")}', 'not(status = "open")'],
    ['${code.startsWith("A") || code.endsWith("Z")}', 'starts with(code, "A") or ends with(code, "Z")'],
    ['${name.length() > 3}', 'string length(name) > 3'],
    ['${items.size() == 0}', 'count(items) = 0'],
    ['${not empty comment and approved}', 'not((comment = null'],
    ['${customer.prop("age").numberValue() >= 21}', 'customer.age >= 21'],
    ['${customer.prop("address").prop("city").stringValue() == "Erbil"}', 'customer.address.city = "Erbil"'],
    ['${order.prop("paid").boolValue()}', 'order.paid'],
    ['${order.prop("unit price")}', 'get value(order, "unit price")'],
    // Camunda 7's current time, and Joda's arithmetic on it (due dates, follow-up dates)
    ['${dateTime().plusDays(1).toDate()}', 'now() + duration("P1D")'],
    ['${now()}', 'now()'],
    ['${dateTime().plusWeeks(2).minusHours(3).toDate()}', 'now() + duration("P14D") - duration("PT3H")'],
    ['${dateTime().plusDays(grace)}', 'now() + duration("P" + string(grace) + "D")'],
    ['${dateTime().plusWeeks(n)}', 'now() + duration("P" + string(n * 7) + "D")'],
    ['${dateTime().plusMonths(1)}', 'now() + duration("P1M")'],
    // Host functions (host-functions.ts): a bean's method, bpmn-elements' services and output
    ['${reservationService.showUp()}', 'reservationService.showUp()'],
    ['${rules.fees.isDue(amount, "DL")}', 'rules.fees.isDue(amount, "DL")'],
    ['${environment.services.isAbove(10, environment.output.amount)}', 'isAbove(10, amount)'],
    ['${environment.output.usertask.isIterationOne}', 'usertask.isIterationOne'],
    ['${environment.services.statusCodeOk(environment.variables)}', 'statusCodeOk(environment.variables)'],
  ])('%s', (body, feel) => {
    const translated = translateJuel(body);
    expect(translated.ok && translated.feel.startsWith(feel)).toBe(true);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['${execution.getVariable("amount") > 1000}', { amount: 1500 }, true],
    ["${sentiment.toLowerCase() == 'negative'}", { sentiment: 'NEGATIVE' }, true],
    ["${userId.toLowerCase() == 'joram' ? 'yes' : 'no'}", { userId: 'Kermit' }, 'no'],
    ['${not empty comment}', { comment: 'late' }, true],
    ['${not empty comment}', { comment: '' }, false],
    ['${empty attachments}', { attachments: [] }, true],
    ['${status == "open" && !urgent}', { status: 'open', urgent: false }, true],
    ['${status eq "open" or priority > 2}', { status: 'closed', priority: 3 }, true],
    ['${code.startsWith("DL-")}', { code: 'DL-1' }, true],
    ['${items.size() >= 2}', { items: [1, 2] }, true],
    ['${name < "m"}', { name: 'alice' }, true],
    ['${customer.prop("age").numberValue() < 21}', { customer: { age: 19 } }, true],
    ['${customer.prop("age").numberValue() >= 21}', { customer: { age: 19 } }, false],
    // Flowable's variable functions
    ['${var:equals(input, 1)}', { input: 1 }, true],
    ['${variables:notEquals(status, "open")}', { status: 'open' }, false],
    ['${vars:greaterThanOrEquals(amount, 1000) && var:lt(amount, 5000)}', { amount: 1000 }, true],
    ['${var:exists(approved)}', {}, false],
    ['${var:exists("approved")}', { approved: false }, true],
    ['${variables:isEmpty(comment)}', { comment: '' }, true],
    ['${var:notEmpty(comment)}', { comment: 'late' }, true],
    ['${variables:getOrDefault(copies, 1) * 2}', {}, 2],
    ['${variables:get(copies)}', { copies: 3 }, 3],
    // Composite expressions are text
    ['DEPARTMENT_HEAD_${departmentId}', { departmentId: 7 }, 'DEPARTMENT_HEAD_7'],
    ['Hello ${name}, your fee is ${fee * 2}.', { name: 'Shilan', fee: 10 }, 'Hello Shilan, your fee is 20.'],
    ['${a}${b}', { a: 'x', b: null }, 'x'],
    ['${variables:contains(tags, "urgent", "vip")}', { tags: ['vip', 'urgent'] }, true],
    ['${variables:contains(note, "late")}', { note: 'arrived late' }, true],
    ['${var:containsAny(tags, "a", "vip")}', { tags: ['vip'] }, true],
    ['${var:containsAny(tags, "a", "b")}', { tags: ['vip'] }, false],
  ])('%s evaluates as its engine would with %j', (body, variables, expected) => {
    expect(evaluateFeel(feelOf(body), variables)).toEqual(expected);
  });

  it.each([
    ['${reservationService.find(id).showUp()}', 'reservationService.find(id).showUp() is a method call on a value'],
    [
      '${environment.services.count(items)}',
      'the service count() has the name of FEEL\'s own "count", which a host function cannot take',
    ],
    [
      '${environment.services.check}',
      'environment.services.check names a service without calling it; call it, environment.services.check(…)',
    ],
    ['${var:base64(file)}', "var:base64() is not one of Flowable's variable functions Rebaz reads"],
    ['${var:equals(x)}', 'var:equals() takes the variable and 1 value'],
    ['${var:equals(1, 2)}', 'var:equals() must name a variable first'],
    ['${fn:concat(a, b)}', 'fn:concat() is a function call'],
    ['${customer.prop(key)}', 'customer.prop() takes one property name in quotes'],
    ['${customer.numberValue(1)}', 'customer.numberValue() takes 0 arguments'],
    ['${name.toLowerCase(1)}', 'name.toLowerCase() takes 0 arguments'],
    ['${s.startsWith()}', 's.startsWith() takes 1 argument'],
    [
      '${execution.getVariable(name)}',
      'it uses the engine object "execution", which Rebaz does not have (only ' +
        'execution.getVariable("name") is translated)',
    ],
    [
      '${execution.getVariable("my-var")}',
      'execution.getVariable("my-var") reads a variable whose name FEEL cannot write',
    ],
    [
      '${execution.processInstanceId}',
      'it uses the engine object "execution", which Rebaz does not have (only ' +
        'execution.getVariable("name") is translated)',
    ],
    [
      '${environment.settings.statusCode}',
      'it uses the engine object "environment", which Rebaz does not have (only ' +
        'environment.variables.name, environment.output.name and environment.services.name(…) are translated)',
    ],
  ])('refuses %s, naming the construct', (body, construct) => {
    const translated = translateJuel(body);
    expect(translated.ok).toBe(false);
    expect(!translated.ok && translated.message).toContain(`cannot be translated: ${construct}.`);
  });
});

describe('comparisons with a string literal that holds a boolean or a number (EL 1.8.1, 1.8.2)', () => {
  it.each([
    ["${flag == 'true'}", 'if flag instance of boolean then flag = true else flag = "true"'],
    ["${'false' != flag}", 'if flag instance of boolean then false != flag else "false" != flag'],
    ["${n == '2'}", 'if n instance of number then n = 2 else n = "2"'],
    [
      "${order.total gt '1000.5'}",
      'if order.total instance of number then order.total > 1000.5 else order.total > "1000.5"',
    ],
    ["${a + b == '3'}", 'if (a + b) instance of number then a + b = 3 else a + b = "3"'],
    // left as written: an ordinary string, two literals, two variables, a boolean text in an ordering
    ["${status == 'open'}", 'status = "open"'],
    ["${'1' == '1'}", '"1" = "1"'],
    ['${a == b}', 'a = b'],
    ["${flag > 'true'}", 'flag > "true"'],
  ])('%s → %s', (body, feel) => {
    const translated = translateJuel(body);
    expect(translated.ok && translated.feel).toBe(feel);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ["${flag == 'true'}", { flag: true }, true],
    ["${flag == 'true'}", { flag: 'true' }, true],
    ["${flag == 'true'}", { flag: false }, false],
    ["${flag == 'TRUE'}", { flag: true }, true],
    ["${flag != 'false'}", { flag: true }, true],
    ["${flag != 'false'}", { flag: false }, false],
    ["${flag == 'true' && n == '2'}", { flag: true, n: 2 }, true],
    ["${n == '2'}", { n: 2 }, true],
    ["${n == '2'}", { n: '2' }, true],
    ["${n == '2'}", { n: 3 }, false],
    ["${n eq '-2.50'}", { n: -2.5 }, true],
    ["${n > '10'}", { n: 9 }, false],
    ["${n > '10'}", { n: 11 }, true],
    ["${'10' <= n}", { n: 10 }, true],
    ["${flag == 'true'}", { flag: null }, false],
  ])('%s with %j is %j', (body, variables, expected) => {
    expect(evaluateFeel(feelOf(body), variables)).toEqual(expected);
  });
});

describe("Camunda 7's current time", () => {
  it('refuses the Joda methods it does not translate, naming them', () => {
    expect(translateJuel('${dateTime().withHourOfDay(9).toDate()}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('dateTime().withHourOfDay() is not one of the date methods translated'),
    });
  });
});

describe('host functions in translated JUEL', () => {
  const functions = {
    isAbove: (limit: number, value: number) => value > limit,
    statusCodeOk: (variables: Record<string, unknown>) => variables.statusCode === 200,
  };
  const run = (body: string, variables: Record<string, unknown>) =>
    withHostFunctions(functions, () => evaluateFeel(feelOf(body), variables));

  it("call bpmn-engine's services with the values its model passes", () => {
    expect(run('${environment.services.isAbove(10, environment.output.amount)}', { amount: 11 })).toBe(true);
    expect(run('${environment.services.isAbove(10, environment.output.amount)}', { amount: 9 })).toBe(false);
  });

  it('pass all the variables as one context for environment.variables, unless a variable takes the name', () => {
    expect(run('${environment.services.statusCodeOk(environment.variables)}', { statusCode: 200 })).toBe(true);
    expect(run('${environment.services.statusCodeOk(environment.variables)}', { statusCode: 500 })).toBe(false);
    expect(
      run('${environment.services.statusCodeOk(environment.variables)}', {
        statusCode: 500,
        environment: { variables: { statusCode: 200 } },
      }),
    ).toBe(true);
  });
});
