export { fetchArea, isOnline, defaultOutDir, selectMonths, lastFetch, ALL_SOURCES } from './fetchArea';
export type { FetchAreaOptions, FetchSummary, LastFetch, SourceName, SourceOutcome } from './fetchArea';
export { sourceUrls, DEFAULT_URLS } from './settings';
export type { SourceUrls } from './settings';
