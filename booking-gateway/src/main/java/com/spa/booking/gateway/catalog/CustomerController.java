package com.spa.booking.gateway.catalog;

import java.net.URI;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.gateway.web.PlainText;
import com.spa.booking.gateway.web.Problems;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

@RestController
@RequestMapping("/api/v1/customers")
class CustomerController {

	private final Customers customers;

	CustomerController(Customers customers) {
		this.customers = customers;
	}

	record NewCustomer(
			@NotBlank @PlainText(max = 200) String name,
			@NotBlank @Email @PlainText(max = 320) String email,
			@PlainText(max = 30) @Pattern(regexp = "\\+?[0-9 ()/-]{3,30}", message = "must be a phone number") String phone) {
	}

	/**
	 * Staff register anyone. A customer registers once, themselves: their token's subject becomes the customer ID, so
	 * that the token and the customer are one.
	 */
	@PostMapping
	ResponseEntity<Customers.Customer> register(@Valid @RequestBody NewCustomer request, Caller caller) {
		UUID id = caller.is(Role.FRONT_DESK) || caller.is(Role.ADMIN) ? UUID.randomUUID()
				: caller.customerId().orElseThrow(() -> Problems.forbidden(
						"A customer token's subject must be a customer ID (a UUID) to register with."));
		try {
			var customer = customers.add(id, request.name().strip(), request.email().strip(), request.phone());
			return ResponseEntity.created(URI.create("/api/v1/customers/" + customer.customerId())).body(customer);
		}
		catch (DuplicateKeyException taken) {
			if (customers.find(id).isPresent()) {
				throw Problems.conflict("customer-exists", "Already registered",
						"Customer " + id + " is registered already; a customer registers once.");
			}
			throw Problems.conflict("email-taken", "Email already registered",
					"A customer with the email address " + request.email() + " already exists.",
					new Problems.FieldError("email", "is already registered"));
		}
	}

	/** Another customer's profile is not found: whether it exists is not the caller's to know. */
	@GetMapping("/{customerId}")
	Customers.Customer customer(@PathVariable UUID customerId, Caller caller) {
		return customers.find(customerId)
			.filter(customer -> caller.maySeeCustomer(customerId))
			.orElseThrow(() -> Problems.notFound("customer", customerId));
	}
}
