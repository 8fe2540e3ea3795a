-- Demo data for ./run-local: applied by the local stack on every start (idempotent), never by the worker in production.
INSERT INTO therapists (id, name) VALUES
    ('11111111-0000-0000-0000-000000000001', 'Anna Berg'),
    ('11111111-0000-0000-0000-000000000002', 'Ben Ortiz'),
    ('11111111-0000-0000-0000-000000000003', 'Chiara Rossi')
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;

INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES
    ('22222222-0000-0000-0000-000000000001', 'Express facial', 30, 10, 45.00),
    ('22222222-0000-0000-0000-000000000002', 'Swedish massage', 60, 15, 80.00),
    ('22222222-0000-0000-0000-000000000003', 'Hot stone massage', 90, 15, 115.00)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, duration_minutes = EXCLUDED.duration_minutes,
    buffer_minutes = EXCLUDED.buffer_minutes, price = EXCLUDED.price;

INSERT INTO customers (id, name, email, phone) VALUES
    ('33333333-0000-0000-0000-000000000001', 'Dana Demo', 'dana@example.com', '+49 30 1234567')
ON CONFLICT DO NOTHING;
