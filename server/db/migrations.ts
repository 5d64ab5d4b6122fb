/**
 * Versioned schema. Each entry runs once, in order, inside a transaction; PRAGMA user_version
 * records how far a store has come. Append new migrations; never edit an old one.
 */
export const migrations: readonly string[] = [
  // 1: incidents, the months that hold them, boundaries, area statistics, points of interest.
  `
  CREATE TABLE import_files (
    path        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    rows_stored INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (path, kind)
  );

  -- The unit of replacement for street, outcome and stop-and-search files.
  CREATE TABLE months (
    dataset     TEXT NOT NULL,            -- 'street' | 'outcomes' | 'stop-search'
    source      TEXT NOT NULL,            -- 'police.uk' or a local log name
    force       TEXT NOT NULL,            -- e.g. 'cleveland'
    month       TEXT NOT NULL,            -- YYYY-MM
    sha256      TEXT NOT NULL,
    rows_stored INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (dataset, source, force, month)
  );

  CREATE TABLE categories (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
  );

  CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    force        TEXT NOT NULL,
    month        TEXT NOT NULL,
    crime_id     TEXT,                    -- NULL for ASB
    category     TEXT NOT NULL REFERENCES categories(slug),
    lon          REAL NOT NULL,
    lat          REAL NOT NULL,
    location     TEXT NOT NULL,
    lsoa_code    TEXT,
    lsoa_name    TEXT,
    last_outcome TEXT,                    -- from the street file
    outcome      TEXT,                    -- latest known: outcomes files override last_outcome
    outcome_month TEXT,
    h3_7         TEXT NOT NULL,
    h3_8         TEXT NOT NULL,
    h3_9         TEXT NOT NULL,
    h3_10        TEXT NOT NULL,
    ward_code    TEXT                     -- current ward containing the point; NULL outside all wards
  );
  CREATE INDEX incidents_month_category ON incidents(month, category);
  CREATE INDEX incidents_source_force_month ON incidents(source, force, month);
  CREATE UNIQUE INDEX incidents_crime_id ON incidents(crime_id) WHERE crime_id IS NOT NULL;
  CREATE INDEX incidents_lonlat ON incidents(lon, lat);

  CREATE TABLE outcomes (
    source    TEXT NOT NULL,
    force     TEXT NOT NULL,
    month     TEXT NOT NULL,
    crime_id  TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    lon       REAL,
    lat       REAL,
    lsoa_code TEXT
  );
  CREATE INDEX outcomes_crime ON outcomes(crime_id, month);
  CREATE INDEX outcomes_source_force_month ON outcomes(source, force, month);

  CREATE TABLE stop_search (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    force         TEXT NOT NULL,
    month         TEXT NOT NULL,
    type          TEXT,
    date          TEXT,
    lon           REAL NOT NULL,
    lat           REAL NOT NULL,
    gender        TEXT,
    age_range     TEXT,
    self_ethnicity TEXT,
    officer_ethnicity TEXT,
    legislation   TEXT,
    object        TEXT,
    outcome       TEXT,
    outcome_linked TEXT,
    removal       TEXT,
    h3_9          TEXT NOT NULL,
    ward_code     TEXT
  );
  CREATE INDEX stop_search_month ON stop_search(source, force, month);

  -- One row per imported boundary file. 'kind' is ward | lsoa11 | lsoa21 | msoa11.
  -- Among ward sets the newest (highest 'rank') is current; older ones stay for old figures.
  CREATE TABLE boundary_sets (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    vintage     TEXT NOT NULL,
    rank        TEXT NOT NULL,            -- sortable newness key
    sha256      TEXT NOT NULL,
    is_current  INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    UNIQUE (kind, rank)
  );

  CREATE TABLE areas (
    set_id   INTEGER NOT NULL REFERENCES boundary_sets(id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    lad_code TEXT,
    centroid_lon REAL NOT NULL,
    centroid_lat REAL NOT NULL,
    geometry TEXT NOT NULL,               -- GeoJSON geometry (Polygon | MultiPolygon), WGS84
    PRIMARY KEY (set_id, code)
  );
  CREATE INDEX areas_code ON areas(code);

  -- Long-format statistics by area: IMD/IoD, population, child low income.
  CREATE TABLE area_values (
    dataset   TEXT NOT NULL,              -- e.g. 'imd2019', 'iod2025', 'population-mid2022', 'cilif-relative'
    area_kind TEXT NOT NULL,              -- lsoa11 | lsoa21 | msoa11 | ward
    area_code TEXT NOT NULL,
    area_name TEXT,
    measure   TEXT NOT NULL,
    value     REAL,
    PRIMARY KEY (dataset, area_code, measure)
  );

  CREATE TABLE datasets (
    dataset     TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    source      TEXT NOT NULL,
    licence     TEXT NOT NULL,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );

  CREATE TABLE pois (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,
    name   TEXT,
    lon    REAL NOT NULL,
    lat    REAL NOT NULL,
    ref    TEXT,
    source TEXT NOT NULL,
    UNIQUE (kind, ref)
  );

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: a Crime ID published in two months is one crime; incidents holds the newest month's record
  // and this table keeps the older ones aside, so that replacing the newer month with a copy that
  // no longer lists the crime brings the older record back (re-imports in any order stay exact).
  `
  CREATE TABLE incidents_shadowed (
    source       TEXT NOT NULL,
    force        TEXT NOT NULL,
    month        TEXT NOT NULL,
    crime_id     TEXT NOT NULL,
    category     TEXT NOT NULL,
    lon          REAL NOT NULL,
    lat          REAL NOT NULL,
    location     TEXT NOT NULL,
    lsoa_code    TEXT,
    lsoa_name    TEXT,
    last_outcome TEXT
  );
  CREATE INDEX incidents_shadowed_crime ON incidents_shadowed(crime_id, month);
  CREATE INDEX incidents_shadowed_month ON incidents_shadowed(source, force, month);
  `,
  // 3: area overlaps between boundary sets (LSOA -> ward and the like) take seconds to intersect,
  // so they are computed once per pair of boundary files (by content hash) and kept.
  `
  CREATE TABLE area_overlaps (
    source_sha   TEXT NOT NULL,
    target_sha   TEXT NOT NULL,
    source_code  TEXT NOT NULL,
    target_code  TEXT NOT NULL,
    overlap_m2   REAL NOT NULL,
    source_fraction REAL NOT NULL,
    target_fraction REAL NOT NULL,
    PRIMARY KEY (source_sha, target_sha, source_code, target_code)
  );
  CREATE TABLE area_overlap_pairs (
    source_sha  TEXT NOT NULL,
    target_sha  TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (source_sha, target_sha)
  );
  CREATE TABLE area_sizes (
    sha     TEXT NOT NULL,
    code    TEXT NOT NULL,
    area_m2 REAL NOT NULL,
    PRIMARY KEY (sha, code)
  );
  `,
  // 4: the server reads incidents whole into its cube, so these two indexes served no query and
  // cost about a fifth of import time (docs/benchmarks.md).
  `
  DROP INDEX IF EXISTS incidents_lonlat;
  DROP INDEX IF EXISTS incidents_month_category;
  `,
  // 5: many local authorities in one store (issue 13): each ward keeps its authority's name, so the
  // area picker can name the study areas held.
  `
  ALTER TABLE areas ADD COLUMN lad_name TEXT;
  `,
  // 6: Crime IDs are indexed by a 52-bit integer key (server/db/crimeKey.ts) instead of their 64
  // characters: the text index cost more than the rows themselves at national size. Uniqueness of a
  // held Crime ID is kept by the importer, which compares the text of every key match.
  `
  ALTER TABLE incidents ADD COLUMN crime_key INTEGER;
  UPDATE incidents SET crime_key = crime_key(crime_id) WHERE crime_id IS NOT NULL;
  CREATE INDEX incidents_crime_key ON incidents(crime_key) WHERE crime_key IS NOT NULL;
  DROP INDEX incidents_crime_id;
  `,
  // 7: police.uk snaps every incident to one of a fixed set of anonymous map points, so a point's
  // coordinates, street text, LSOA, four H3 cells and ward are held once, in places, instead of on
  // every incident (about half of each row). incidents stays, as a view of both, for every reader.
  `
  CREATE TABLE places (
    id        INTEGER PRIMARY KEY,
    lon       REAL NOT NULL,
    lat       REAL NOT NULL,
    location  TEXT NOT NULL,
    lsoa_code TEXT,
    lsoa_name TEXT,
    h3_7      TEXT NOT NULL,
    h3_8      TEXT NOT NULL,
    h3_9      TEXT NOT NULL,
    h3_10     TEXT NOT NULL,
    ward_code TEXT                        -- current ward containing the point; NULL outside all wards
  );
  INSERT INTO places (lon, lat, location, lsoa_code, lsoa_name, h3_7, h3_8, h3_9, h3_10, ward_code)
    SELECT lon, lat, location, lsoa_code, lsoa_name, min(h3_7), min(h3_8), min(h3_9), min(h3_10), min(ward_code)
    FROM incidents GROUP BY lon, lat, location, lsoa_code, lsoa_name ORDER BY lon, lat;
  CREATE INDEX places_point ON places(lon, lat);

  -- place_id has no foreign key: the importer creates every place before its rows, and the check
  -- would cost every insert a lookup.
  CREATE TABLE incident_rows (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    force         TEXT NOT NULL,
    month         TEXT NOT NULL,
    crime_id      TEXT,                   -- NULL for ASB
    category      TEXT NOT NULL REFERENCES categories(slug),
    place_id      INTEGER NOT NULL,
    last_outcome  TEXT,
    outcome       TEXT,
    outcome_month TEXT,
    crime_key     INTEGER
  );
  INSERT INTO incident_rows (id, source, force, month, crime_id, category, place_id, last_outcome, outcome, outcome_month, crime_key)
    SELECT i.id, i.source, i.force, i.month, i.crime_id, i.category, p.id, i.last_outcome, i.outcome, i.outcome_month, i.crime_key
    FROM incidents i JOIN places p ON p.lon = i.lon AND p.lat = i.lat AND p.location = i.location
      AND p.lsoa_code IS i.lsoa_code AND p.lsoa_name IS i.lsoa_name
    ORDER BY i.id;
  DROP INDEX places_point;
  DROP TABLE incidents;
  CREATE INDEX incidents_source_force_month ON incident_rows(source, force, month);
  CREATE INDEX incidents_crime_key ON incident_rows(crime_key) WHERE crime_key IS NOT NULL;
  CREATE VIEW incidents AS
    SELECT r.id, r.source, r.force, r.month, r.crime_id, r.category, p.lon, p.lat, p.location, p.lsoa_code, p.lsoa_name,
           r.last_outcome, r.outcome, r.outcome_month, p.h3_7, p.h3_8, p.h3_9, p.h3_10, p.ward_code, r.crime_key, r.place_id
    FROM incident_rows r JOIN places p ON p.id = r.place_id;
  `,
];
