package com.spa.booking.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The PostgreSQL driver speaks {@link OffsetDateTime} for timestamptz; the domain and the API speak {@link Instant}. */
public final class SqlTimes {

	private SqlTimes() {
	}

	public static OffsetDateTime toSql(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}
}
