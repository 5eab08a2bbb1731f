-- What is due, for a set of nominals, as one hand-written query (bench/benchmarks.py).
--
-- The same answer as vigil.obligations.engine.collect for the kinds it covers: home
-- visits, periodic and weekly notifications, risk assessment and plan reviews, plan
-- actions, flag reviews, the 16-week record review and approvals waiting. Not covered:
-- the initial notification and travel returns (Schedule 3 and trip arithmetic; the
-- synthetic register has every sex offender notified and nobody abroad) and reactive
-- management (nobody is on it). It relies on what the generator guarantees: every
-- notification period runs past the next periodic notification, so no Schedule 3 period
-- arithmetic is needed here (bench/generate.py).
--
-- The placeholders in braces are filled in by benchmarks.py: "scope" limits the nominals
-- (an officer's caseload or a force), the "policy_" ones are the cadence policy's
-- intervals (vigil.policy.cadence), and "where" filters the items (the officer's own, or
-- the overdue ones).
WITH people AS (
    SELECT n.id, n.status, n.registered_on
    FROM nominals_nominal n
    WHERE {scope} AND n.status NOT IN ('deceased', 'ended')
),
risk AS (  -- the approved risk level in force and the plan in force (latest approved)
    SELECT p.id, p.status, p.registered_on, d.level,
           (d.decided_at AT TIME ZONE 'Europe/London')::date AS level_on,
           q.visit_every_count, q.visit_every_unit, q.review_on,
           (q.decided_at AT TIME ZONE 'Europe/London')::date AS plan_on
    FROM people p
    LEFT JOIN LATERAL (
        SELECT level, decided_at FROM risk_riskleveldecision
        WHERE nominal_id = p.id AND state = 'approved'
        ORDER BY decided_at DESC, id DESC LIMIT 1
    ) d ON true
    LEFT JOIN LATERAL (
        SELECT visit_every_count, visit_every_unit, review_on, decided_at
        FROM risk_riskmanagementplan
        WHERE nominal_id = p.id AND status = 'approved'
        ORDER BY number DESC LIMIT 1
    ) q ON true
),
seen AS (  -- the last home visit at which the person was seen
    SELECT v.nominal_id, max(v.occurred_at) AS at
    FROM visits_visit v
    WHERE v.nominal_id IN (SELECT id FROM people WHERE status = 'community')
      AND v.status = 'done' AND v.outcome = 'seen'
      AND v.visit_type IN ('home_announced', 'home_unannounced')
    GROUP BY v.nominal_id
),
last_notified AS (  -- the last notification that restarts the periodic clock (s.85)
    SELECT p.id, (x.received_at AT TIME ZONE 'Europe/London')::date AS on_day
    FROM people p
    JOIN LATERAL (
        SELECT received_at FROM registration_notification
        WHERE nominal_id = p.id
          AND kind IN ('initial', 'change_name', 'change_home_address', 'other_address',
                       'release', 'periodic', 'weekly')
        ORDER BY received_at DESC, id DESC LIMIT 1
    ) x ON true
    -- Away (custody, hospital, overseas): the deadline waits for their return.
    WHERE p.status NOT IN ('custody', 'hospital', 'overseas')
),
no_fixed_abode AS (
    SELECT DISTINCT a.nominal_id FROM nominals_address a
    WHERE a.nominal_id IN (SELECT id FROM people) AND a.kind = 'nfa' AND a.to_date IS NULL
      AND (a.from_date IS NULL OR a.from_date <= %(today)s)
),
events AS (  -- review triggers: the day Vigil learned of each (the row's creation)
    SELECT nominal_id, (created_at AT TIME ZONE 'Europe/London')::date AS on_day
    FROM nominals_address WHERE nominal_id IN (SELECT id FROM people)
    UNION ALL
    SELECT nominal_id, (created_at AT TIME ZONE 'Europe/London')::date
    FROM nominals_householdmember WHERE nominal_id IN (SELECT id FROM people)
    UNION ALL
    SELECT nominal_id, (created_at AT TIME ZONE 'Europe/London')::date
    FROM registration_conviction WHERE nominal_id IN (SELECT id FROM people)
    UNION ALL
    SELECT nominal_id, (created_at AT TIME ZONE 'Europe/London')::date
    FROM registration_possiblebreach WHERE nominal_id IN (SELECT id FROM people)
),
first_event AS (  -- the first event after the last approved level, and after the plan
    SELECT r.id,
           min(e.on_day) FILTER (WHERE e.on_day > GREATEST(r.level_on, r.registered_on))
               AS after_level,
           min(e.on_day) FILTER (WHERE e.on_day > GREATEST(r.plan_on, r.registered_on))
               AS after_plan
    FROM risk r LEFT JOIN events e ON e.nominal_id = r.id
    GROUP BY r.id
),
items AS (
    -- The next home visit: the plan's frequency, else the level's; from the last day seen.
    SELECT r.id AS nominal_id, 'visit' AS kind, 'offender_manager' AS owner,
           (GREATEST((s.at AT TIME ZONE 'Europe/London')::date, r.registered_on)
            + CASE
                WHEN r.visit_every_count >= 1 AND r.visit_every_unit <> '' THEN
                    CASE r.visit_every_unit
                        WHEN 'days' THEN make_interval(days => r.visit_every_count)
                        WHEN 'weeks' THEN make_interval(days => 7 * r.visit_every_count)
                        WHEN 'months' THEN make_interval(months => r.visit_every_count)
                        ELSE make_interval(years => r.visit_every_count)
                    END
                ELSE {policy_home_visit}
              END)::date AS due
    FROM risk r LEFT JOIN seen s ON s.nominal_id = r.id
    WHERE r.status = 'community'
    UNION ALL
    -- Periodic notification a year after, or weekly (no fixed abode) 7 days after.
    SELECT l.id,
           CASE WHEN f.nominal_id IS NULL THEN 'periodic_notification'
                ELSE 'weekly_notification' END,
           'offender_manager',
           CASE WHEN f.nominal_id IS NULL THEN (l.on_day + interval '1 year')::date
                ELSE l.on_day + 7 END
    FROM last_notified l LEFT JOIN no_fixed_abode f ON f.nominal_id = l.id
    UNION ALL
    -- Risk assessment review: the level's interval after the last approval, or soon after
    -- the start of management or an event since, whichever is first.
    SELECT r.id, 'assessment_review', 'offender_manager',
           LEAST((r.level_on + {policy_assessment_review})::date,
                 CASE WHEN r.level_on IS NULL OR r.registered_on > r.level_on
                      THEN (r.registered_on + {policy_after_trigger})::date END,
                 (e.after_level + {policy_after_trigger})::date)
    FROM risk r JOIN first_event e ON e.id = r.id
    UNION ALL
    -- Plan review: the same from the plan's approval; a review date in the plan can be
    -- earlier.
    SELECT r.id, 'plan_review', 'offender_manager',
           LEAST((r.plan_on + {policy_plan_review})::date,
                 CASE WHEN r.plan_on IS NULL OR r.registered_on > r.plan_on
                      THEN (r.registered_on + {policy_after_trigger})::date END,
                 (e.after_plan + {policy_after_trigger})::date,
                 CASE WHEN r.plan_on IS NOT NULL THEN r.review_on END)
    FROM risk r JOIN first_event e ON e.id = r.id
    UNION ALL
    -- Open actions of the plan in force (the highest approved version).
    SELECT p.id, 'plan_action', 'offender_manager', a.due_on
    FROM people p
    JOIN LATERAL (
        SELECT z.id FROM risk_riskmanagementplan z
        WHERE z.nominal_id = p.id AND z.status = 'approved'
        ORDER BY z.number DESC LIMIT 1
    ) q ON true
    JOIN risk_planaction a ON a.plan_id = q.id
    WHERE a.status IN ('not_started', 'in_progress')
    UNION ALL
    -- Flags in force, by their review date.
    SELECT g.nominal_id, 'flag_review', 'offender_manager', g.review_on
    FROM nominals_flag g
    WHERE g.nominal_id IN (SELECT id FROM people) AND g.removed_on IS NULL
    UNION ALL
    -- Register support's record review, 16 weeks after the last (or the start).
    SELECT p.id, 'record_review', 'register_support',
           (GREATEST(max(rr.reviewed_on), p.registered_on) + {policy_record_review})::date
    FROM people p LEFT JOIN nominals_recordreview rr ON rr.nominal_id = p.id
    GROUP BY p.id, p.registered_on
    UNION ALL
    -- Risk levels and plans waiting for the supervisor.
    SELECT d.nominal_id, 'approval', 'supervisor',
           (d.proposed_at AT TIME ZONE 'Europe/London')::date + {policy_approval_days}
    FROM risk_riskleveldecision d
    WHERE d.nominal_id IN (SELECT id FROM people) AND d.state = 'pending'
    UNION ALL
    SELECT q.nominal_id, 'approval', 'supervisor',
           COALESCE((q.submitted_at AT TIME ZONE 'Europe/London')::date, %(today)s)
               + {policy_approval_days}
    FROM risk_riskmanagementplan q
    WHERE q.nominal_id IN (SELECT id FROM people) AND q.status = 'submitted'
)
SELECT nominal_id, kind, due FROM items WHERE {where}
