-- Demo data for ./run-local: a small spa in Europe/Berlin. Applied by the local stack on every start (idempotent),
-- never by the worker in production.

INSERT INTO rooms (id, name, room_type) VALUES
    ('44444444-0000-0000-0000-000000000001', 'Massage Room 1', 'massage'),
    ('44444444-0000-0000-0000-000000000002', 'Massage Room 2', 'massage'),
    ('44444444-0000-0000-0000-000000000003', 'Treatment Room A', 'treatment'),
    ('44444444-0000-0000-0000-000000000004', 'Treatment Room B', 'treatment')
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, room_type = EXCLUDED.room_type;

INSERT INTO services (id, name, duration_minutes, buffer_minutes, price, room_type) VALUES
    ('22222222-0000-0000-0000-000000000001', 'Express facial', 30, 10, 45.00, 'treatment'),
    ('22222222-0000-0000-0000-000000000002', 'Swedish massage', 60, 15, 80.00, 'massage'),
    ('22222222-0000-0000-0000-000000000003', 'Hot stone massage', 90, 15, 115.00, 'massage'),
    ('22222222-0000-0000-0000-000000000004', 'Manicure', 45, 5, 40.00, 'treatment'),
    ('22222222-0000-0000-0000-000000000005', 'Aromatherapy facial', 75, 10, 95.00, 'treatment'),
    ('22222222-0000-0000-0000-000000000006', 'Deep tissue ritual', 120, 20, 150.00, 'massage')
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, duration_minutes = EXCLUDED.duration_minutes,
    buffer_minutes = EXCLUDED.buffer_minutes, price = EXCLUDED.price, room_type = EXCLUDED.room_type;

INSERT INTO therapists (id, name) VALUES
    ('11111111-0000-0000-0000-000000000001', 'Anna Berg'),
    ('11111111-0000-0000-0000-000000000002', 'Ben Ortiz'),
    ('11111111-0000-0000-0000-000000000003', 'Chiara Rossi'),
    ('11111111-0000-0000-0000-000000000004', 'Dara Kim'),
    ('11111111-0000-0000-0000-000000000005', 'Eli Novak')
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;

-- who does what: Anna and Ben massage, Chiara and Dara do faces and hands, Eli does every massage
INSERT INTO therapist_services (therapist_id, service_id) VALUES
    ('11111111-0000-0000-0000-000000000001', '22222222-0000-0000-0000-000000000002'),
    ('11111111-0000-0000-0000-000000000001', '22222222-0000-0000-0000-000000000003'),
    ('11111111-0000-0000-0000-000000000002', '22222222-0000-0000-0000-000000000002'),
    ('11111111-0000-0000-0000-000000000002', '22222222-0000-0000-0000-000000000006'),
    ('11111111-0000-0000-0000-000000000003', '22222222-0000-0000-0000-000000000001'),
    ('11111111-0000-0000-0000-000000000003', '22222222-0000-0000-0000-000000000004'),
    ('11111111-0000-0000-0000-000000000003', '22222222-0000-0000-0000-000000000005'),
    ('11111111-0000-0000-0000-000000000004', '22222222-0000-0000-0000-000000000001'),
    ('11111111-0000-0000-0000-000000000004', '22222222-0000-0000-0000-000000000005'),
    ('11111111-0000-0000-0000-000000000005', '22222222-0000-0000-0000-000000000002'),
    ('11111111-0000-0000-0000-000000000005', '22222222-0000-0000-0000-000000000003'),
    ('11111111-0000-0000-0000-000000000005', '22222222-0000-0000-0000-000000000006')
ON CONFLICT DO NOTHING;

-- weekly hours, local time, with lunch breaks (1 = Monday)
INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
SELECT t.id::uuid, d, h.starts_at::time, h.ends_at::time
  FROM (VALUES
        ('11111111-0000-0000-0000-000000000001', 1, 5, '09:00', '13:00'),
        ('11111111-0000-0000-0000-000000000001', 1, 5, '14:00', '18:00'),
        ('11111111-0000-0000-0000-000000000002', 2, 6, '10:00', '14:00'),
        ('11111111-0000-0000-0000-000000000002', 2, 6, '15:00', '19:00'),
        ('11111111-0000-0000-0000-000000000003', 1, 5, '08:00', '12:00'),
        ('11111111-0000-0000-0000-000000000003', 1, 5, '12:30', '16:30'),
        ('11111111-0000-0000-0000-000000000004', 3, 7, '11:00', '15:00'),
        ('11111111-0000-0000-0000-000000000004', 3, 7, '16:00', '20:00'),
        ('11111111-0000-0000-0000-000000000005', 1, 6, '09:00', '13:00'),
        ('11111111-0000-0000-0000-000000000005', 1, 6, '13:30', '17:00')
       ) AS h (therapist, first_day, last_day, starts_at, ends_at)
  JOIN therapists t ON t.id = h.therapist::uuid
  CROSS JOIN LATERAL generate_series(h.first_day, h.last_day) AS d
ON CONFLICT DO NOTHING;

-- closed on Christmas Day; Anna is away for a week in January
INSERT INTO time_off (id, therapist_id, during, reason) VALUES
    ('55555555-0000-0000-0000-000000000001', NULL,
     tstzrange(TIMESTAMP '2026-12-25 00:00' AT TIME ZONE 'Europe/Berlin', TIMESTAMP '2026-12-26 00:00' AT TIME ZONE 'Europe/Berlin'),
     'Christmas Day'),
    ('55555555-0000-0000-0000-000000000002', '11111111-0000-0000-0000-000000000001',
     tstzrange(TIMESTAMP '2027-01-11 00:00' AT TIME ZONE 'Europe/Berlin', TIMESTAMP '2027-01-18 00:00' AT TIME ZONE 'Europe/Berlin'),
     'Holiday')
ON CONFLICT (id) DO NOTHING;

-- the customers who sign in on the pages as dana and ben (LocalIssuer.DEMO_USERS)
INSERT INTO customers (id, name, email, phone) VALUES
    ('33333333-0000-0000-0000-000000000001', 'Dana Demo', 'dana@example.com', '+49 30 1234567'),
    ('33333333-0000-0000-0000-000000000002', 'Ben Demo', 'ben@example.com', '+49 30 7654321')
ON CONFLICT DO NOTHING;
