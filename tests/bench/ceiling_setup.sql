-- The two leads the ceiling's complaints join (tests/bench/filing.sql): one for the platform, one
-- for the employer, as the service has them once a cause has reached the thresholds.
INSERT INTO leads (id, kind, key, category, city_prefix, status, office_id, created_at, updated_at)
VALUES (1, 'platform', 'meituan', 'wage_arrears', '3411', 'open', 1, now(), now()),
       (2, 'employer', '第1配送站', 'wage_arrears', '3411', 'open', 1, now(), now());
SELECT setval(pg_get_serial_sequence('leads', 'id'), 2);
