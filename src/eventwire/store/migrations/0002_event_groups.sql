-- eventwire store, schema version 2 (issue 13): one event, many reports.
-- Every event row is a mention; mentions of one real-world event form an event group. Each article records
-- its outlet and, when it is a near-duplicate of an earlier article (the same wire story re-run), which one.
-- A store of version 1 migrates in place; its events are grouped when a writer first opens it.

CREATE TABLE event_groups (
    id              INTEGER PRIMARY KEY,
    group_id        TEXT    NOT NULL UNIQUE,   -- 'g' + the event id of its first mention: stable
    type_key        TEXT    NOT NULL,          -- the CAMEO root (or PLOVER type) its mentions share
    span_lo         INTEGER,                   -- first and last day (proleptic ordinal) its mentions' dates cover;
    span_hi         INTEGER,                   -- NULL for a mention that is never grouped (no date, a year)
    date            TEXT,                      -- the most precise consistent date of its mentions
    date_precision  TEXT,
    representative  TEXT    NOT NULL,          -- event id of the mention that stands for the group
    location        TEXT,                      -- the most specific place of its mentions, JSON
    country         TEXT,
    lat             REAL,
    lon             REAL,
    killed          INTEGER,                   -- the largest count reported ...
    killed_min      INTEGER,                   -- ... and the smallest (the range)
    injured         INTEGER,
    injured_min     INTEGER,
    num_mentions    INTEGER NOT NULL DEFAULT 0,
    num_articles    INTEGER NOT NULL DEFAULT 0, -- distinct articles; one outlet's near-duplicates count once
    num_sources     INTEGER NOT NULL DEFAULT 0, -- distinct outlets (site name, else the URL's registered domain)
    num_copies      INTEGER NOT NULL DEFAULT 0, -- articles that re-run a story another of its articles carries
    first_article   TEXT,                       -- article id of the first report (earliest published)
    source_url      TEXT,                       -- its URL
    members         TEXT    NOT NULL            -- the mentions as grouping compares them, JSON
);
CREATE INDEX event_groups_date ON event_groups (date);
-- Blocking keys: a group is a candidate for a new mention only through its type, an actor's country and its
-- date span ('source:SYR', 'source:?' for an actor without a country, 'source:*' for any known source).
CREATE TABLE group_keys (
    group_ref   INTEGER NOT NULL REFERENCES event_groups (id) ON DELETE CASCADE,
    type_key    TEXT    NOT NULL,
    actor_key   TEXT    NOT NULL,
    span_lo     INTEGER NOT NULL,
    span_hi     INTEGER NOT NULL,
    UNIQUE (group_ref, actor_key)
);
CREATE INDEX group_keys_block ON group_keys (type_key, actor_key, span_lo);
CREATE INDEX event_groups_country ON event_groups (country);

ALTER TABLE events ADD COLUMN group_ref INTEGER REFERENCES event_groups (id);
ALTER TABLE events ADD COLUMN group_reason TEXT;  -- why it joined its group, JSON list of reasons
CREATE INDEX events_group ON events (group_ref);

ALTER TABLE articles ADD COLUMN outlet TEXT;       -- the outlet key counted by num_sources; NULL when unknown
ALTER TABLE articles ADD COLUMN copy_of INTEGER REFERENCES articles (id);  -- the original it is a near-copy of
ALTER TABLE articles ADD COLUMN copy_similarity REAL;                      -- estimated shingle Jaccard to it
ALTER TABLE articles ADD COLUMN minhash BLOB;      -- MinHash signature of the body; NULL when too short
ALTER TABLE articles ADD COLUMN copy_checked INTEGER NOT NULL DEFAULT 0;   -- 1 once compared with earlier ones

-- LSH band keys of the signatures: articles sharing a (band, bucket) are candidate copies of each other.
CREATE TABLE article_bands (
    band        INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    article     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_bands_bucket ON article_bands (band, bucket);
CREATE INDEX articles_copy_of ON articles (copy_of);
CREATE INDEX articles_unchecked ON articles (id) WHERE copy_checked = 0;
