package com.spa.booking.gateway.catalog;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class CatalogController {

	private final CatalogQueries catalog;

	CatalogController(CatalogQueries catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/therapists")
	List<CatalogQueries.Therapist> therapists() {
		return catalog.therapists();
	}

	@GetMapping("/services")
	List<CatalogQueries.SpaService> services() {
		return catalog.services();
	}
}
