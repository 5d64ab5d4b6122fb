const STREET_PREFIX = /^on or near\s+/i;

/** police.uk location text without its "On or near " prefix ("On or near Yarm Lane" -> "Yarm Lane"). */
export function streetName(location: string): string {
  return location.trim().replace(STREET_PREFIX, '').trim();
}
