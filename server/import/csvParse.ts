/** The RFC 4180 parser is pure and shared with the client (CCTV uploads): it lives in geo/. */
export * from '../../geo/csvParse';
