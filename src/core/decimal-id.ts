// Event ids that are decimal numbers: most streams that send ids count 1, 2, 3, ….

/**
 * The id as a number when it is 1 to 15 decimal digits (exact in a double), else undefined.
 * A loop rather than /^\d{1,15}$/ + Number(): it runs for every event with an id.
 */
export function decimalValue(id: string): number | undefined {
  if (id.length === 0 || id.length > 15) return undefined;
  let value = 0;
  for (let i = 0; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/** The id as a number when String() of that number gives the id back (no leading zeros), else undefined. */
export function canonicalDecimal(id: string): number | undefined {
  if (id.length > 1 && id.charCodeAt(0) === 48) return undefined;
  return decimalValue(id);
}
