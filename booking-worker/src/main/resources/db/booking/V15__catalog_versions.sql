-- The worker keeps the catalog and the therapists' schedules in memory and checks, in a statement a batch runs anyway,
-- that what it keeps is current: a version per therapist (hours, time off, skills, and the spa's closures) on the
-- therapist's row, which the batch locks FOR SHARE anyway, and one for the services and rooms. Triggers keep them, so
-- any writer (the admin API, SQL by hand) bumps them.
ALTER TABLE therapists ADD COLUMN schedule_version bigint NOT NULL DEFAULT 0;

CREATE TABLE catalog_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version  bigint  NOT NULL
);
INSERT INTO catalog_version (version) VALUES (0);

-- A schedule change locks the therapist's row FOR UPDATE first (a closure locks every therapist's), so the bump waits
-- for no one and a batch holding the row FOR SHARE sees it, or waits for it, like the change itself.
CREATE FUNCTION bump_schedule_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    row_changed record := coalesce(NEW, OLD);
BEGIN
    IF TG_TABLE_NAME = 'time_off' AND row_changed.therapist_id IS NULL THEN
        UPDATE therapists SET schedule_version = schedule_version + 1;
    ELSE
        UPDATE therapists SET schedule_version = schedule_version + 1 WHERE id = row_changed.therapist_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER working_hours_bump_schedule_version AFTER INSERT OR UPDATE OR DELETE ON working_hours
    FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER time_off_bump_schedule_version AFTER INSERT OR UPDATE OR DELETE ON time_off
    FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER therapist_services_bump_schedule_version AFTER INSERT OR UPDATE OR DELETE ON therapist_services
    FOR EACH ROW EXECUTE FUNCTION bump_schedule_version();

CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER services_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER rooms_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE ON rooms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
