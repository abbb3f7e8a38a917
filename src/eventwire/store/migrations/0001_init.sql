-- eventwire store, schema version 1.
-- One row per distinct article text (keyed by its SHA-256 content hash), its events, the actor mentions and
-- places the pipeline found in it, and the inputs that could not be coded.

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT    NOT NULL UNIQUE,      -- sha256 of Article.text, hex
    article_id   TEXT    NOT NULL,             -- Article.id (the JSON Lines id, or derived from URL/content)
    url          TEXT,
    title        TEXT,
    published    TEXT,
    source       TEXT,
    author       TEXT,
    language     TEXT,
    origin       TEXT,
    body_start   INTEGER NOT NULL DEFAULT 0,
    text         TEXT    NOT NULL,             -- every offset in events, actors and places refers to it
    n_events     INTEGER NOT NULL DEFAULT 0,
    ingested_at  TEXT    NOT NULL
);
CREATE INDEX articles_article_id ON articles (article_id);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT    NOT NULL UNIQUE,
    article         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    article_id      TEXT    NOT NULL,
    ordinal         INTEGER NOT NULL,          -- position in the article's event list, as the coder gave it
    sentence_index  INTEGER,
    date            TEXT,
    date_precision  TEXT,
    cameo           TEXT    NOT NULL,
    cameo_root      TEXT,
    plover_type     TEXT,
    quad_class      INTEGER,
    goldstein       REAL,
    source_code     TEXT,
    source_country  TEXT,
    target_code     TEXT,
    target_country  TEXT,
    country         TEXT,                      -- country of the event's place (ISO alpha-3)
    geonameid       INTEGER,
    lat             REAL,
    lon             REAL,
    modality        TEXT,
    confidence      REAL,
    killed          INTEGER,
    injured         INTEGER,
    record          TEXT    NOT NULL           -- the full event record, JSON
);
CREATE INDEX events_article ON events (article_id, article, ordinal);
CREATE INDEX events_article_row ON events (article);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_cameo_root ON events (cameo_root);
CREATE INDEX events_plover ON events (plover_type);
CREATE INDEX events_source ON events (source_code);
CREATE INDEX events_target ON events (target_code);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_latlon ON events (lat, lon);

CREATE TABLE actors (
    id          INTEGER PRIMARY KEY,
    article     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    article_id  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    country     TEXT,
    sectors     TEXT    NOT NULL DEFAULT '[]', -- JSON list
    name        TEXT,
    kind        TEXT,
    actor_id    TEXT
);
CREATE INDEX actors_article ON actors (article);
CREATE INDEX actors_code ON actors (code);
CREATE INDEX actors_country ON actors (country);

CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    article     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    article_id  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    name        TEXT,
    geonameid   INTEGER,
    country     TEXT,
    admin1      TEXT,
    lat         REAL,
    lon         REAL,
    kind        TEXT
);
CREATE INDEX places_article ON places (article);
CREATE INDEX places_geonameid ON places (geonameid);
CREATE INDEX places_country ON places (country);

-- Inputs that could not be coded: bad files and records (InputError) and articles a stage failed on
-- (StageError). The same input failing the same way is recorded once.
CREATE TABLE skipped (
    id          INTEGER PRIMARY KEY,
    input       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    code        TEXT,
    stage       TEXT,
    first_seen  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    UNIQUE (input, reason)
);
