package com.spa.booking.gateway.catalog;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/therapists")
	List<Catalog.Therapist> therapists() {
		return catalog.therapists();
	}

	@GetMapping("/services")
	List<Catalog.SpaService> services() {
		return catalog.services();
	}
}
