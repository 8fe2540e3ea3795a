package com.spa.booking.gateway.catalog;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Customers {

	private final JdbcClient jdbc;

	Customers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Customer(UUID customerId, String name, String email, String phone) {
	}

	/**
	 * @param id the new customer's ID
	 * @throws org.springframework.dao.DuplicateKeyException if the ID or the email address is already registered
	 */
	Customer add(UUID id, String name, String email, String phone) {
		var customer = new Customer(id, name, email, phone);
		jdbc.sql("INSERT INTO customers (id, name, email, phone) VALUES (?, ?, ?, ?)")
			.params(customer.customerId(), name, email, phone)
			.update();
		return customer;
	}

	Optional<Customer> find(UUID customerId) {
		return jdbc.sql("SELECT id AS customer_id, name, email, phone FROM customers WHERE id = ?")
			.param(customerId)
			.query(Customer.class)
			.optional();
	}
}
