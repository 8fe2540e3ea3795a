package com.spa.booking.gateway.audit;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuditController {

	private final InvariantAudit audit;

	AuditController(InvariantAudit audit) {
		this.audit = audit;
	}

	/** Runs the invariant audit now: every count is zero in a healthy system. */
	@GetMapping("/api/v1/admin/audit")
	Map<InvariantAudit.Kind, Long> audit() {
		return audit.run();
	}
}
