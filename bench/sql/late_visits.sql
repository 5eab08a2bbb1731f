-- The monthly late-visits report as one hand-written query (bench/benchmarks.py): for each
-- offender manager, the home visits that fell due in the month and were on time, late or
-- not done, and those still overdue from before the month. The same reading as
-- vigil.policy.late_visits (read its docstring), written as set operations:
--
--   periods   each day seen at home starts a period, which the next day seen ends;
--   stretches a period is cut wherever a new level or plan was approved in it; each
--             stretch has the interval in force on its first day;
--   spells    a stretch's visit is due from the later of its first day and the period's
--             first day plus its interval; consecutive stretches that are still due from
--             their first day make one spell (the gaps-and-islands step);
--   outcome   spells before the day seen are late (if it fell inside them) or not done;
--             the first spell not yet due on the day seen was met on time.
--
-- The placeholders in braces are filled in by benchmarks.py: "scope" limits the nominals
-- ("true" for the whole country), "policy_home_visit" is the policy's interval per level
-- (vigil.policy.cadence).
WITH people AS (
    SELECT n.id, n.registered_on, n.offender_manager_id
    FROM nominals_nominal n
    WHERE {scope} AND n.status = 'community'
),
home_seen AS (
    SELECT v.nominal_id, v.occurred_at FROM visits_visit v JOIN people p ON p.id = v.nominal_id
    WHERE v.status = 'done' AND v.outcome = 'seen'
      AND v.visit_type IN ('home_announced', 'home_unannounced')
),
days AS (  -- the start of management, the last day seen before the month, days seen in it
    SELECT p.id AS nominal_id, p.registered_on AS day FROM people p
    UNION
    SELECT nominal_id, (max(occurred_at) AT TIME ZONE 'Europe/London')::date
    FROM home_seen WHERE occurred_at < %(first_at)s GROUP BY nominal_id
    UNION
    SELECT nominal_id, (occurred_at AT TIME ZONE 'Europe/London')::date
    FROM home_seen WHERE occurred_at >= %(first_at)s AND occurred_at < %(end_at)s
),
periods AS (
    SELECT x.* FROM (
        SELECT d.nominal_id, d.day AS a,
               lead(d.day) OVER (PARTITION BY d.nominal_id ORDER BY d.day) AS seen
        FROM days d JOIN people p ON p.id = d.nominal_id
        WHERE d.day >= p.registered_on
    ) x
    WHERE (x.seen IS NULL OR x.seen >= %(first)s) AND x.a < %(last_due)s
),
approvals AS (  -- the days a level or a plan was approved, up to the end of the month
    SELECT d.nominal_id, (d.decided_at AT TIME ZONE 'Europe/London')::date AS on_day
    FROM risk_riskleveldecision d JOIN people p ON p.id = d.nominal_id
    WHERE d.state = 'approved' AND d.decided_at < %(end_at)s
    UNION
    SELECT q.nominal_id, (q.decided_at AT TIME ZONE 'Europe/London')::date
    FROM risk_riskmanagementplan q JOIN people p ON p.id = q.nominal_id
    WHERE q.status = 'approved' AND q.decided_at < %(end_at)s
),
starts AS (  -- each period's stretches: from its first day, and from each approval in it
    SELECT nominal_id, a, seen, a AS c FROM periods
    UNION
    SELECT p.nominal_id, p.a, p.seen, x.on_day FROM periods p
    JOIN approvals x ON x.nominal_id = p.nominal_id AND x.on_day > p.a
),
stretches AS (
    SELECT s.*,
           lead(s.c) OVER w AS until,
           GREATEST(s.c, (s.a + CASE
               WHEN q.visit_every_count >= 1 AND q.visit_every_unit <> '' THEN
                   CASE q.visit_every_unit
                       WHEN 'days' THEN make_interval(days => q.visit_every_count)
                       WHEN 'weeks' THEN make_interval(days => 7 * q.visit_every_count)
                       WHEN 'months' THEN make_interval(months => q.visit_every_count)
                       ELSE make_interval(years => q.visit_every_count)
                   END
               ELSE {policy_home_visit}
           END)::date) AS due
    FROM starts s
    LEFT JOIN LATERAL (  -- the plan in force on the stretch's first day
        SELECT z.visit_every_count, z.visit_every_unit FROM risk_riskmanagementplan z
        WHERE z.nominal_id = s.nominal_id AND z.status = 'approved'
          AND z.decided_at < %(end_at)s
          AND (z.decided_at AT TIME ZONE 'Europe/London')::date <= s.c
        ORDER BY (z.decided_at AT TIME ZONE 'Europe/London')::date DESC, z.number DESC
        LIMIT 1
    ) q ON true
    LEFT JOIN LATERAL (  -- the level in force on it
        SELECT z.level FROM risk_riskleveldecision z
        WHERE z.nominal_id = s.nominal_id AND z.state = 'approved'
          AND z.decided_at < %(end_at)s
          AND (z.decided_at AT TIME ZONE 'Europe/London')::date <= s.c
        ORDER BY (z.decided_at AT TIME ZONE 'Europe/London')::date DESC, z.decided_at DESC,
                 z.id DESC
        LIMIT 1
    ) r ON true
    WINDOW w AS (PARTITION BY s.nominal_id, s.a ORDER BY s.c)
),
marked AS (
    SELECT t.*,
           (t.until IS NULL OR t.due < t.until) AS reached,
           COALESCE(lag(t.until IS NULL OR t.due < t.until) OVER w, false)
               AND (t.until IS NULL OR t.due < t.until) AND t.due = t.c AS goes_on
    FROM stretches t
    WINDOW w AS (PARTITION BY t.nominal_id, t.a ORDER BY t.c)
),
spells AS (
    SELECT nominal_id, a, seen, due AS start, spell_end AS "end" FROM (
        SELECT m.*,
               min(CASE WHEN NOT m.goes_on THEN m.c END) OVER (
                   PARTITION BY m.nominal_id, m.a ORDER BY m.c
                   ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS spell_end
        FROM marked m
    ) x
    WHERE reached AND NOT goes_on
),
judged AS (
    SELECT s.*,
           bool_or(s.seen IS NOT NULL AND s.start < s.seen
                   AND (s."end" IS NULL OR s.seen < s."end"))
               OVER (PARTITION BY s.nominal_id, s.a) AS late_at_seen,
           min(CASE WHEN s.seen <= s.start THEN s.start END)
               OVER (PARTITION BY s.nominal_id, s.a) AS met_by
    FROM spells s
),
outcomes AS (
    SELECT j.nominal_id, j.start AS due,
           CASE WHEN j.seen <= j.start THEN 'on_time'
                WHEN j.seen IS NOT NULL AND (j."end" IS NULL OR j.seen < j."end") THEN 'late'
                ELSE 'not_done' END AS outcome,
           (j.start <= %(first)s AND (j."end" IS NULL OR %(first)s < j."end")) AS covers_first
    FROM judged j
    WHERE j.start <= %(last_due)s
      AND (j.seen IS NULL OR j.start < j.seen
           OR (j.start = j.met_by AND NOT j.late_at_seen))
)
SELECT p.offender_manager_id,
       count(*) FILTER (WHERE o.due >= %(first)s) AS fell_due,
       count(*) FILTER (WHERE o.due >= %(first)s AND o.outcome = 'on_time') AS on_time,
       count(*) FILTER (WHERE o.due >= %(first)s AND o.outcome = 'late') AS late,
       count(*) FILTER (WHERE o.due >= %(first)s AND o.outcome = 'not_done') AS not_done,
       count(DISTINCT o.nominal_id) FILTER (WHERE o.due < %(first)s AND o.covers_first)
           AS overdue_before
FROM outcomes o JOIN people p ON p.id = o.nominal_id
GROUP BY p.offender_manager_id
