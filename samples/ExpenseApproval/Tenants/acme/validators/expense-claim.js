// The expense claim's custom validator (named by the form's "ocap:validator"). It runs in Acme's hardened sandbox
// after the form's declarative rules, on the cleaned submission, and returns messages keyed by component id.
// These are the rules the form editor cannot express: a format with a friendlier message, rules that depend on
// several fields at once, and a check against the host's cost centres through the costCentres capability that
// the host grants to Acme (ctx.capabilities.costCentres). Offline runs, such as `ocapwf form validate`, grant no
// capability; the cost-centre check then says so instead of passing.

const COST_CENTRE = /^CC-[0-9]{3}$/;
const RECEIPT_THRESHOLD = 50;
const MEALS_LIMIT = 200;

export function validate(data, ctx) {
  const errors = {};
  const already = ctx.errors || {};

  if (!already.costCentre && typeof data.costCentre === 'string' && data.costCentre !== '') {
    if (!COST_CENTRE.test(data.costCentre)) {
      errors.costCentre = 'Cost centre must look like CC-123.';
    } else {
      const costCentres = ctx.capabilities && ctx.capabilities.costCentres;
      const centre = costCentres ? costCentres.lookup(data.costCentre) : undefined;
      if (centre === undefined) {
        errors.costCentre = 'Cost centres cannot be checked here (the costCentres capability is not granted).';
      } else if (centre === null) {
        errors.costCentre = `Cost centre ${data.costCentre} does not exist.`;
      } else if (!centre.active) {
        errors.costCentre = `Cost centre ${data.costCentre} (${centre.name}) is closed.`;
      }
    }
  }

  if (typeof data.amount === 'number' && data.amount > RECEIPT_THRESHOLD && !data.receiptRef) {
    errors.receiptRef = `A receipt is required above ${RECEIPT_THRESHOLD.toFixed(2)}.`;
  }

  if (data.category === 'meals' && typeof data.amount === 'number' && data.amount > MEALS_LIMIT) {
    errors.amount = `Meals are reimbursed up to ${MEALS_LIMIT.toFixed(2)} per claim.`;
  }

  return errors;
}
