package com.spa.booking.gateway.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The booking policies in the worker's table ({@code booking_policies}, migration V16): one per service that has its
 * own, and the spa's default (the row without a service). The worker freezes the one in force into each hold; a change
 * here applies to holds placed after it.
 */
@Repository
class BookingPolicies {

	private final JdbcClient jdbc;

	BookingPolicies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @param serviceId the service's own policy; null for the spa's default */
	Optional<PolicyTerms> find(UUID serviceId) {
		return jdbc.sql("SELECT * FROM booking_policies WHERE service_id IS NOT DISTINCT FROM ?")
			.param(serviceId)
			.query(BookingPolicies::map)
			.optional();
	}

	/** @param serviceId the service whose own policy it becomes; null for the spa's default */
	void save(UUID serviceId, PolicyTerms terms) {
		jdbc.sql("""
				INSERT INTO booking_policies (service_id, minimum_lead_minutes, free_cancellation_hours, reschedule_hours,
				                              late_cancellation_fee, late_cancellation_fee_percent, no_show_fee,
				                              no_show_fee_percent, deposit, deposit_percent, updated_at)
				VALUES (:service, :lead, :free, :reschedule, :lateAmount, :latePercent, :noShowAmount, :noShowPercent,
				        :depositAmount, :depositPercent, now())
				ON CONFLICT (service_id) DO UPDATE SET
				       minimum_lead_minutes = EXCLUDED.minimum_lead_minutes,
				       free_cancellation_hours = EXCLUDED.free_cancellation_hours,
				       reschedule_hours = EXCLUDED.reschedule_hours,
				       late_cancellation_fee = EXCLUDED.late_cancellation_fee,
				       late_cancellation_fee_percent = EXCLUDED.late_cancellation_fee_percent,
				       no_show_fee = EXCLUDED.no_show_fee, no_show_fee_percent = EXCLUDED.no_show_fee_percent,
				       deposit = EXCLUDED.deposit, deposit_percent = EXCLUDED.deposit_percent, updated_at = now()""")
			.param("service", serviceId)
			.param("lead", terms.minimumLeadMinutes())
			.param("free", terms.freeCancellationHours())
			.param("reschedule", terms.rescheduleHours())
			.param("lateAmount", terms.lateCancellationFee().amount())
			.param("latePercent", terms.lateCancellationFee().percent())
			.param("noShowAmount", terms.noShowFee().amount())
			.param("noShowPercent", terms.noShowFee().percent())
			.param("depositAmount", terms.deposit().amount())
			.param("depositPercent", terms.deposit().percent())
			.update();
	}

	private static PolicyTerms map(ResultSet rs, int row) throws SQLException {
		return new PolicyTerms(rs.getInt("minimum_lead_minutes"), rs.getInt("free_cancellation_hours"),
				rs.getInt("reschedule_hours"), charge(rs, "late_cancellation_fee"), charge(rs, "no_show_fee"),
				charge(rs, "deposit"));
	}

	private static PolicyTerms.ChargeTerms charge(ResultSet rs, String name) throws SQLException {
		int percent = rs.getInt(name + "_percent");
		Integer share = rs.wasNull() ? null : percent;
		return new PolicyTerms.ChargeTerms(rs.getBigDecimal(name), share);
	}
}
