// The expense claim's custom validator (named by the form's "ocap:validator"). It runs in the hardened sandbox after
// the form's declarative rules, on the cleaned submission, and returns messages keyed by component id.
// These are the rules the form editor cannot express: a format with a friendlier message, and rules that
// depend on several fields at once.

const COST_CENTRE = /^CC-[0-9]{3}$/;
const RECEIPT_THRESHOLD = 50;
const MEALS_LIMIT = 200;

export function validate(data, ctx) {
  const errors = {};
  const already = ctx.errors || {};

  if (!already.costCentre && typeof data.costCentre === 'string' && data.costCentre !== '' && !COST_CENTRE.test(data.costCentre)) {
    errors.costCentre = 'Cost centre must look like CC-123.';
  }

  if (typeof data.amount === 'number' && data.amount > RECEIPT_THRESHOLD && !data.receiptRef) {
    errors.receiptRef = `A receipt is required above ${RECEIPT_THRESHOLD.toFixed(2)}.`;
  }

  if (data.category === 'meals' && typeof data.amount === 'number' && data.amount > MEALS_LIMIT) {
    errors.amount = `Meals are reimbursed up to ${MEALS_LIMIT.toFixed(2)} per claim.`;
  }

  return errors;
}
