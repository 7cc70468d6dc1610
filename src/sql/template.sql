-- 1. Every row of the input, normalised as docs/metrics.md §1 and §8.2 say:
--    values trimmed (Unicode white space, as Rust's str::trim) and compared
--    in ASCII lower case; in/inbound/incoming and out/outbound/outgoing
--    read as directions, any other direction derived (in for a reply, else
--    out); unknown channels read as other and unknown outcomes as none, and
--    their spellings counted. A row is valid with a prospect id and a time
--    in the plausible window; all-empty rows are blank and not read. A
--    valid row that repeats the valid row before it (same prospect, ts,
--    direction, channel, outcome, rep: §1) is a duplicate (dup_rank 2):
--    copies sit together in this order and the first in (source, row)
--    order is kept (§8.3); a rep is never '' (empty means none), so
--    COALESCE(rep, '') compares missing reps as equal. The window is
--    partitioned by prospect alone, so the engine shuffles the events by
--    prospect once, and every later window and GROUP BY reuses that.
@TEMP touchstone_tmp_clean AS
SELECT n.*,
       CASE WHEN n.valid = 1
                 AND LAG(n.valid) OVER (PARTITION BY n.pid ORDER BY {dup_order}) = 1
                 AND LAG(n.ts_us) OVER (PARTITION BY n.pid ORDER BY {dup_order}) = n.ts_us
                 AND LAG(n.direction) OVER (PARTITION BY n.pid ORDER BY {dup_order}) = n.direction
                 AND LAG(n.channel) OVER (PARTITION BY n.pid ORDER BY {dup_order}) = n.channel
                 AND LAG(n.outcome) OVER (PARTITION BY n.pid ORDER BY {dup_order}) = n.outcome
                 AND COALESCE(LAG(n.rep) OVER (PARTITION BY n.pid ORDER BY {dup_order}), '') = COALESCE(n.rep, '')
            THEN 2 ELSE 1 END AS dup_rank
FROM (
  SELECT c.*,
         CASE WHEN c.d_key IN ('in', 'inbound', 'incoming') THEN 'in'
              WHEN c.d_key IN ('out', 'outbound', 'outgoing') THEN 'out'
              WHEN c.outcome = 'replied' THEN 'in'
              ELSE 'out' END AS direction,
         CASE WHEN c.pid IS NOT NULL AND c.ts_us IS NOT NULL
                   AND c.ts_us >= {dates_from_us} AND c.ts_us <= {dates_to_us} THEN 1 ELSE 0 END AS valid
  FROM (
    SELECT b.*,
           CASE WHEN b.c_key IN ({channels}) THEN b.c_key ELSE 'other' END AS channel,
           CASE WHEN b.o_key IN ({outcomes}) THEN b.o_key ELSE 'none' END AS outcome,
           CASE WHEN b.c_key <> '' AND b.c_key NOT IN ({channels}) THEN b.c_key END AS unknown_channel,
           CASE WHEN b.o_key <> '' AND b.o_key NOT IN ({outcomes}) THEN b.o_key END AS unknown_outcome
    FROM (
      SELECT NULLIF(@TRIM(CAST(e."{col_prospect_id}" AS @STRING)), '') AS pid,
             e."{col_ts}" AS ts,
             @EPOCH_US(e."{col_ts}") AS ts_us,
             TRANSLATE(@TRIM(CAST(e."{col_direction}" AS @STRING)), '{upper}', '{lower}') AS d_key,
             TRANSLATE(@TRIM(CAST(e."{col_channel}" AS @STRING)), '{upper}', '{lower}') AS c_key,
             TRANSLATE(@TRIM(CAST(e."{col_outcome}" AS @STRING)), '{upper}', '{lower}') AS o_key,
             NULLIF(@TRIM(CAST(e."{col_rep_id}" AS @STRING)), '') AS rep,
             CAST(e."{col_source}" AS @STRING) AS src,
             CAST(e."{col_row}" AS @INT) AS rw
      FROM {table} e
    ) b
    WHERE NOT (b.pid IS NULL AND b.ts IS NULL AND COALESCE(b.d_key, '') = '' AND COALESCE(b.c_key, '') = ''
               AND COALESCE(b.o_key, '') = '' AND b.rep IS NULL)
  ) c
) n;

-- 2. The as-of instant T (§2, §8.4): as given, or the latest valid time.
@TEMP touchstone_tmp_cut AS
SELECT {as_of_us} AS t_us, {as_of_ts} AS as_of_ts
FROM (SELECT MAX(ts_us) AS max_us, MAX(ts) AS max_ts FROM touchstone_tmp_clean WHERE valid = 1) m;

-- 3. Row bookkeeping (§8.14): read = used + duplicates + rejected; used =
--    events up to T + events after T.
@TEMP touchstone_tmp_rowcounts AS
SELECT COUNT(*) AS rows_read,
       SUM(CASE WHEN c.valid = 1 AND c.dup_rank = 1 THEN 1 ELSE 0 END) AS rows_used,
       SUM(CASE WHEN c.valid = 1 AND c.dup_rank > 1 THEN 1 ELSE 0 END) AS duplicates,
       SUM(CASE WHEN c.valid = 0 THEN 1 ELSE 0 END) AS rejected,
       SUM(CASE WHEN c.valid = 1 AND c.dup_rank = 1 AND c.ts_us > t.t_us THEN 1 ELSE 0 END) AS after_as_of,
       SUM(CASE WHEN c.valid = 1 AND c.dup_rank = 1 AND c.ts_us <= t.t_us THEN 1 ELSE 0 END) AS events
FROM touchstone_tmp_clean c CROSS JOIN touchstone_tmp_cut t;

-- 4. The clean timeline: de-duplicated events up to T, in event order
--    (ts, then source, row: §1), each with what its prospect's facts need.
--    touch_no: touches so far in event order (for a touch, its number k);
--    cum_touch: touches with ts <= this ts (a RANGE frame: ties included);
--    until = min(c, T) (§5); cut: the event is not after until.
@TEMP touchstone_tmp_events AS
SELECT w.*,
       MAX(CASE WHEN w.resp_cut = 1 THEN w.ts_us END) OVER (PARTITION BY w.pid) AS last_resp_cut_us,
       SUM(CASE WHEN w.is_touch = 1 AND w.cut = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY w.pid) AS cut_touches,
       LEAD(w.ts_us) OVER (PARTITION BY w.pid, w.resp_cut
                           ORDER BY w.ts_us, w.src NULLS FIRST, w.rw NULLS FIRST) AS next_resp_us,
       LEAD(w.cum_touch) OVER (PARTITION BY w.pid, w.resp_cut
                               ORDER BY w.ts_us, w.src NULLS FIRST, w.rw NULLS FIRST) AS next_resp_cum,
       MIN(CASE WHEN w.is_won = 1 THEN w.cum_touch END) OVER (PARTITION BY w.pid) AS k_w,
       MIN(CASE WHEN w.is_meeting = 1 AND w.ts_us < w.won_us THEN w.ts_us END) OVER (PARTITION BY w.pid)
           AS first_meet_us,
       MAX(CASE WHEN w.is_touch = 1 AND w.touch_no = 1 THEN w.channel END) OVER (PARTITION BY w.pid) AS ch1
FROM (
  SELECT v.*,
         COALESCE(v.won_us, v.t_us) AS until_us,
         CASE WHEN v.ts_us <= COALESCE(v.won_us, v.t_us) THEN 1 ELSE 0 END AS cut,
         CASE WHEN v.is_resp = 1 AND v.ts_us <= COALESCE(v.won_us, v.t_us) THEN 1 ELSE 0 END AS resp_cut
  FROM (
    SELECT u.*,
           MIN(CASE WHEN u.is_won = 1 THEN u.ts_us END) OVER (PARTITION BY u.pid) AS won_us,
           SUM(u.is_touch) OVER (PARTITION BY u.pid) AS n_touch_w,
           SUM(u.is_touch) OVER (PARTITION BY u.pid ORDER BY u.ts_us, u.src NULLS FIRST, u.rw NULLS FIRST
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS touch_no,
           SUM(u.is_touch) OVER (PARTITION BY u.pid ORDER BY u.ts_us
                                 RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_touch,
           LAG(u.ts_us) OVER (PARTITION BY u.pid, u.is_touch
                              ORDER BY u.ts_us, u.src NULLS FIRST, u.rw NULLS FIRST) AS prev_touch_us,
           COUNT(*) OVER (PARTITION BY u.pid, u.is_touch ORDER BY u.ts_us
                          RANGE BETWEEN CURRENT ROW AND {week_minus_1} FOLLOWING) AS week_touches
    FROM (
      SELECT c.pid, c.ts, c.ts_us, c.direction, c.channel, c.outcome, c.rep, c.src, c.rw, t.t_us,
             CASE WHEN c.direction = 'out' AND c.outcome <> 'bounced' AND c.channel IN ({touch_channels})
                  THEN 1 ELSE 0 END AS is_touch,
             CASE WHEN (c.direction = 'in' AND c.outcome <> 'bounced')
                       OR (c.direction = 'out' AND c.outcome IN ('connected', 'replied', 'meeting'))
                  THEN 1 ELSE 0 END AS is_resp,
             CASE WHEN c.outcome IN ('lost', 'opted_out') THEN 1 ELSE 0 END AS is_loss,
             CASE WHEN c.outcome = 'won' THEN 1 ELSE 0 END AS is_won,
             CASE WHEN c.channel = 'meeting' OR c.outcome = 'meeting' THEN 1 ELSE 0 END AS is_meeting
      FROM touchstone_tmp_clean c CROSS JOIN touchstone_tmp_cut t
      WHERE c.valid = 1 AND c.dup_rank = 1 AND c.ts_us <= t.t_us
    ) u
  ) v
) w;

-- 5. One row per prospect (§2, §5). K and R are cum_touch at the first won
--    and first response event; silences start at every response up to
--    until (ending at the next one, or at until) and at the first touch when
--    it comes strictly before every response (§8.12); a silence's touches
--    are cum_touch at its end minus cum_touch at its start.
@TEMP touchstone_tmp_prospects AS
SELECT g.*,
       CASE WHEN g.ft_us IS NOT NULL AND (g.fr_cut_us IS NULL OR g.ft_us < g.fr_cut_us) THEN 1 ELSE 0 END AS ft_sil,
       COALESCE(g.fr_cut_us, g.until_us) - g.ft_us AS ft_len,
       COALESCE(g.fr_cut_cum, g.cut_touches) - g.ft_cum AS ft_touches,
       CASE WHEN g.fr_cut_us IS NOT NULL THEN 1 ELSE 0 END AS ft_revived,
       CASE WHEN g.k IS NULL AND g.lost = 0 AND g.last_resp_cut_us IS NOT NULL
                 AND g.t_us - g.last_resp_cut_us >= {dark_us} THEN 1 ELSE 0 END AS is_dark
FROM (
  SELECT e.pid,
         COUNT(*) AS n_events,
         SUM(e.is_touch) AS n_touches,
         MIN(CASE WHEN e.is_touch = 1 THEN e.ts END) AS first_touch_ts,
         MAX(CASE WHEN e.is_touch = 1 THEN e.ts END) AS last_touch_ts,
         MAX(CASE WHEN e.is_touch = 1 THEN e.ts_us END) AS last_touch_us,
         MIN(CASE WHEN e.is_won = 1 THEN e.ts END) AS won_ts,
         MIN(CASE WHEN e.is_won = 1 THEN e.cum_touch END) AS k,
         MIN(CASE WHEN e.is_resp = 1 THEN e.cum_touch END) AS r,
         MIN(CASE WHEN e.is_resp = 1 THEN e.ts END) AS first_response_ts,
         MAX(e.is_loss) AS lost,
         MAX(CASE WHEN e.is_touch = 1 AND e.touch_no = e.n_touch_w THEN e.rep END) AS last_rep,
         MAX(CASE WHEN e.is_touch = 1 AND e.touch_no = 1 THEN e.channel END) AS first_channel,
         MAX(CASE WHEN e.is_touch = 1 AND e.touch_no = 1 THEN e.rep END) AS first_rep,
         MAX(CASE WHEN e.is_touch = 1 AND e.touch_no = e.n_touch_w THEN e.channel END) AS last_channel,
         MAX(e.first_meet_us) AS first_meet_us,
         SUM(CASE WHEN e.is_touch = 1 AND e.ts_us > e.first_meet_us AND e.ts_us <= e.won_us THEN 1 ELSE 0 END)
             AS meet_touches,
         MIN(CASE WHEN e.is_touch = 1 AND e.channel <> e.ch1 THEN e.touch_no END) AS mixed_from,
         MAX(CASE WHEN e.resp_cut = 1 THEN e.ts END) AS last_resp_cut_ts,
         MAX(e.last_resp_cut_us) AS last_resp_cut_us,
         MIN(CASE WHEN e.cut = 1 AND (e.is_touch = 1 OR e.is_resp = 1) THEN e.ts END) AS start_ts,
         SUM(CASE WHEN e.is_touch = 1 AND e.cut = 1 AND e.ts_us > e.last_resp_cut_us THEN 1 ELSE 0 END)
             AS touches_after_last_resp,
         SUM(CASE WHEN e.resp_cut = 1 AND COALESCE(e.next_resp_us, e.until_us) - e.ts_us >= {dark_us}
                  THEN 1 ELSE 0 END) AS rs_n,
         SUM(CASE WHEN e.resp_cut = 1 AND COALESCE(e.next_resp_us, e.until_us) - e.ts_us >= {dark_us}
                       AND COALESCE(e.next_resp_cum, e.cut_touches) - e.cum_touch > 0
                  THEN 1 ELSE 0 END) AS rs_touched,
         SUM(CASE WHEN e.resp_cut = 1 AND COALESCE(e.next_resp_us, e.until_us) - e.ts_us >= {dark_us}
                       AND COALESCE(e.next_resp_cum, e.cut_touches) - e.cum_touch > 0
                       AND e.next_resp_us IS NOT NULL
                  THEN 1 ELSE 0 END) AS rs_touched_revived,
         SUM(CASE WHEN e.resp_cut = 1 AND COALESCE(e.next_resp_us, e.until_us) - e.ts_us >= {dark_us}
                       AND e.next_resp_us IS NOT NULL
                  THEN 1 ELSE 0 END) AS rs_revived,
         MIN(CASE WHEN e.is_touch = 1 AND e.cut = 1 THEN e.ts_us END) AS ft_us,
         MIN(CASE WHEN e.is_touch = 1 AND e.cut = 1 THEN e.cum_touch END) AS ft_cum,
         MIN(CASE WHEN e.resp_cut = 1 THEN e.ts_us END) AS fr_cut_us,
         MIN(CASE WHEN e.resp_cut = 1 THEN e.cum_touch END) AS fr_cut_cum,
         MAX(e.cut_touches) AS cut_touches,
         MAX(e.until_us) AS until_us,
         MAX(e.t_us) AS t_us,
         MAX(CASE WHEN e.is_touch = 1 THEN e.week_touches END) AS busiest
  FROM touchstone_tmp_events e
  GROUP BY e.pid
) g;

-- 6. One row per touch with its gap bucket (§8.17) and whether it was
--    answered: the touch is a response, or a response follows it before the
--    next touch (the events sharing its touch_no); touch_us is its time.
@TEMP touchstone_tmp_touches AS
SELECT e.pid, e.touch_no,
       MAX(CASE WHEN e.is_touch = 1 THEN e.ts_us END) AS touch_us,
       MAX(CASE WHEN e.is_touch = 1 THEN
                CASE WHEN e.prev_touch_us IS NULL THEN 0
                     WHEN e.ts_us - e.prev_touch_us >= {day_14} THEN 5
                     WHEN e.ts_us - e.prev_touch_us >= {day_7} THEN 4
                     WHEN e.ts_us - e.prev_touch_us >= {day_3} THEN 3
                     WHEN e.ts_us - e.prev_touch_us >= {day_1} THEN 2
                     ELSE 1 END
           END) AS bucket,
       MAX(e.is_resp) AS answered
FROM touchstone_tmp_events e
WHERE e.touch_no >= 1
GROUP BY e.pid, e.touch_no;

-- 7. The facts table: exactly the columns `touchstone facts` writes.
@TABLE touchstone_facts AS
SELECT p.pid AS "prospect_id",
       CAST(p.n_events AS @INT) AS "n_events",
       CAST(p.n_touches AS @INT) AS "n_touches",
       p.first_touch_ts AS "first_touch_ts",
       p.last_touch_ts AS "last_touch_ts",
       p.won_ts AS "won_ts",
       CAST(p.k AS @INT) AS "K",
       CAST(COALESCE(p.k, p.n_touches) AS @INT) AS "m",
       CAST(p.r AS @INT) AS "R",
       p.first_response_ts AS "first_response_ts",
       CASE WHEN p.n_touches = 0 THEN NULL
            WHEN p.k IS NOT NULL THEN 'converted'
            WHEN p.lost = 1 THEN 'lost'
            WHEN p.t_us - p.last_touch_us >= {quiet_us} THEN 'abandoned'
            ELSE 'open' END AS "status",
       p.last_rep AS "last_rep",
       p.first_channel AS "first_channel",
       p.first_rep AS "first_rep",
       p.last_channel AS "last_channel",
       CAST(CASE WHEN p.k >= 1 AND p.first_meet_us IS NOT NULL THEN p.meet_touches END AS @INT)
           AS "meeting_followups",
       CAST(p.mixed_from AS @INT) AS "mixed_from",
       p.last_resp_cut_us IS NOT NULL AS "engaged",
       p.start_ts AS "start_ts",
       CASE WHEN p.is_dark = 1 THEN p.last_resp_cut_ts END AS "dark_at",
       CAST(CASE WHEN p.is_dark = 1 THEN p.touches_after_last_resp ELSE 0 END AS @INT) AS "touches_after_dark",
       CAST(p.rs_n + CASE WHEN p.ft_sil = 1 AND p.ft_len >= {dark_us} THEN 1 ELSE 0 END AS @INT) AS "silences",
       CAST(p.rs_touched + CASE WHEN p.ft_sil = 1 AND p.ft_len >= {dark_us} AND p.ft_touches > 0
                                THEN 1 ELSE 0 END AS @INT) AS "silences_touched",
       CAST(p.rs_touched_revived + CASE WHEN p.ft_sil = 1 AND p.ft_len >= {dark_us} AND p.ft_touches > 0
                                             AND p.ft_revived = 1 THEN 1 ELSE 0 END AS @INT)
           AS "silences_touched_revived",
       CAST(p.rs_revived + CASE WHEN p.ft_sil = 1 AND p.ft_len >= {dark_us} AND p.ft_revived = 1
                                THEN 1 ELSE 0 END AS @INT) AS "silences_revived",
       c.as_of_ts AS "as_of",
       CAST({quiet_days} AS @INT) AS "quiet_days",
       CAST({dark_days} AS @INT) AS "dark_days"
FROM touchstone_tmp_prospects p CROSS JOIN touchstone_tmp_cut c;

-- 8. The aggregates: one long table of counts that shards add up
--    (src/metrics/aggregates/mod.rs documents every table and key).
@TABLE touchstone_aggregates AS
SELECT CAST('params' AS @STRING) AS "table_name", CAST('as_of_us' AS @STRING) AS "label",
       CAST(t.t_us AS @INT) AS "k", CAST(NULL AS @INT) AS "x", CAST(NULL AS @INT) AS "y",
       CAST(1 AS @INT) AS "n"
FROM touchstone_tmp_cut t
UNION ALL
SELECT 'params', 'quiet_days', CAST({quiet_days} AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(1 AS @INT)
UNION ALL
SELECT 'params', 'dark_days', CAST({dark_days} AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(1 AS @INT)
{touch_channel_rows}
UNION ALL
SELECT 'tz', {tz}, CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(1 AS @INT)
UNION ALL
SELECT 'rows', 'rows_read', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(r.rows_read AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'rows', 'rows_used', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COALESCE(r.rows_used, 0) AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'rows', 'duplicates', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COALESCE(r.duplicates, 0) AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'rows', 'rejected', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COALESCE(r.rejected, 0) AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'rows', 'skipped', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(0 AS @INT)
UNION ALL
SELECT 'rows', 'after_as_of', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COALESCE(r.after_as_of, 0) AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'rows', 'events', CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COALESCE(r.events, 0) AS @INT) FROM touchstone_tmp_rowcounts r
UNION ALL
SELECT 'unknown_channel', c.unknown_channel, CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_clean c WHERE c.valid = 1 AND c.unknown_channel IS NOT NULL GROUP BY c.unknown_channel
UNION ALL
SELECT 'unknown_outcome', c.unknown_outcome, CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT),
       CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_clean c WHERE c.valid = 1 AND c.unknown_outcome IS NOT NULL GROUP BY c.unknown_outcome
UNION ALL
SELECT 'gap', CAST(NULL AS @STRING), CAST(e.touch_no AS @INT), CAST(e.ts_us - e.prev_touch_us AS @INT),
       CAST(NULL AS @INT), CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_events e WHERE e.is_touch = 1 AND e.prev_touch_us IS NOT NULL
GROUP BY e.touch_no, e.ts_us - e.prev_touch_us
UNION ALL
SELECT 'answer',
       CASE s.bucket WHEN 0 THEN 'first' WHEN 1 THEN '<1d' WHEN 2 THEN '1-3d' WHEN 3 THEN '3-7d'
                     WHEN 4 THEN '7-14d' ELSE '14d+' END,
       CAST(NULL AS @INT), CAST(s.answered AS @INT), CAST(NULL AS @INT), CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_touches s GROUP BY s.bucket, s.answered
UNION ALL
SELECT 'intensity', CAST(NULL AS @STRING), CAST(p.busiest AS @INT),
       CAST(CASE WHEN p.k IS NULL AND p.lost = 1 THEN 1 ELSE 0 END AS @INT), CAST(NULL AS @INT),
       CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_prospects p WHERE p.n_touches > 0
GROUP BY p.busiest, CASE WHEN p.k IS NULL AND p.lost = 1 THEN 1 ELSE 0 END
UNION ALL
SELECT 'gap_profile',
       CONCAT(CAST(q.t1 AS @STRING), ',', CAST(q.a1 AS @STRING), ',', CAST(q.t2 AS @STRING), ',',
              CAST(q.a2 AS @STRING), ',', CAST(q.t3 AS @STRING), ',', CAST(q.a3 AS @STRING), ',',
              CAST(q.t4 AS @STRING), ',', CAST(q.a4 AS @STRING), ',', CAST(q.t5 AS @STRING), ',',
              CAST(q.a5 AS @STRING)),
       CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(NULL AS @INT), CAST(COUNT(*) AS @INT)
FROM (
  SELECT s.pid,
         CAST(SUM(CASE WHEN s.bucket = 1 THEN 1 ELSE 0 END) AS @INT) AS t1,
         CAST(SUM(CASE WHEN s.bucket = 1 THEN s.answered ELSE 0 END) AS @INT) AS a1,
         CAST(SUM(CASE WHEN s.bucket = 2 THEN 1 ELSE 0 END) AS @INT) AS t2,
         CAST(SUM(CASE WHEN s.bucket = 2 THEN s.answered ELSE 0 END) AS @INT) AS a2,
         CAST(SUM(CASE WHEN s.bucket = 3 THEN 1 ELSE 0 END) AS @INT) AS t3,
         CAST(SUM(CASE WHEN s.bucket = 3 THEN s.answered ELSE 0 END) AS @INT) AS a3,
         CAST(SUM(CASE WHEN s.bucket = 4 THEN 1 ELSE 0 END) AS @INT) AS t4,
         CAST(SUM(CASE WHEN s.bucket = 4 THEN s.answered ELSE 0 END) AS @INT) AS a4,
         CAST(SUM(CASE WHEN s.bucket = 5 THEN 1 ELSE 0 END) AS @INT) AS t5,
         CAST(SUM(CASE WHEN s.bucket = 5 THEN s.answered ELSE 0 END) AS @INT) AS a5
  FROM touchstone_tmp_touches s
  WHERE s.bucket >= 1
  GROUP BY s.pid
) q
GROUP BY q.t1, q.a1, q.t2, q.a2, q.t3, q.a3, q.t4, q.a4, q.t5, q.a5
UNION ALL
SELECT 'silence', CAST(NULL AS @STRING), CAST(z.touches AS @INT), CAST(@DIV(z.len_us, {day_1}) AS @INT),
       CAST(z.revived AS @INT), CAST(COUNT(*) AS @INT)
FROM (
  SELECT COALESCE(e.next_resp_cum, e.cut_touches) - e.cum_touch AS touches,
         COALESCE(e.next_resp_us, e.until_us) - e.ts_us AS len_us,
         CASE WHEN e.next_resp_us IS NOT NULL THEN 1 ELSE 0 END AS revived
  FROM touchstone_tmp_events e WHERE e.resp_cut = 1
  UNION ALL
  SELECT p.ft_touches, p.ft_len, p.ft_revived FROM touchstone_tmp_prospects p WHERE p.ft_sil = 1
) z
GROUP BY z.touches, @DIV(z.len_us, {day_1}), z.revived
UNION ALL
SELECT 'channel_touch', e.channel, CAST(e.touch_no AS @INT),
       CAST(CASE WHEN e.touch_no = e.k_w THEN 1 ELSE 0 END AS @INT), CAST(NULL AS @INT),
       CAST(COUNT(*) AS @INT)
FROM touchstone_tmp_events e WHERE e.is_touch = 1 AND e.touch_no <= COALESCE(e.k_w, e.n_touch_w)
GROUP BY e.channel, e.touch_no, CASE WHEN e.touch_no = e.k_w THEN 1 ELSE 0 END
UNION ALL
SELECT 'timing', CAST(NULL AS @STRING), CAST(l.weekday AS @INT), CAST(l.hour AS @INT), CAST(l.answered AS @INT),
       CAST(COUNT(*) AS @INT)
FROM (
  -- docs/metrics.md §11.4: the touch's wall clock in --tz (shifted by whole
  -- weeks), its hour of day, and its ISO weekday (1970-01-01 was a Thursday).
  SELECT d.answered, d.hour, d.day_no + 3 - 7 * @DIV(d.day_no + 3, 7) + 1 AS weekday
  FROM (
    SELECT h.answered, @DIV(h.local_us, {hour_us}) - 24 * @DIV(h.local_us, {day_1}) AS hour,
           @DIV(h.local_us, {day_1}) AS day_no
    FROM (
      SELECT s.answered, @LOCAL_US(s.touch_us) + {epoch_shift_us} AS local_us FROM touchstone_tmp_touches s
    ) h
  ) d
) l
GROUP BY l.weekday, l.hour, l.answered;

@DROP touchstone_tmp_touches;
@DROP touchstone_tmp_prospects;
@DROP touchstone_tmp_events;
@DROP touchstone_tmp_rowcounts;
@DROP touchstone_tmp_cut;
@DROP touchstone_tmp_clean;
