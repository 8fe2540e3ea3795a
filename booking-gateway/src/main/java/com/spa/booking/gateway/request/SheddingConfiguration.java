package com.spa.booking.gateway.request;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Requests that would publish a command are turned away at the door when too many are on their way already, before
 * their body is parsed or a query is made ({@link InFlightLimit}).
 */
@Configuration(proxyBeanMethods = false)
class SheddingConfiguration implements WebMvcConfigurer {

	private final InFlightLimit inFlight;

	SheddingConfiguration(InFlightLimit inFlight) {
		this.inFlight = inFlight;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				// the first dispatch only: an answer on its way back (an async dispatch) is no new request
				if ("POST".equals(request.getMethod()) && request.getDispatcherType() == DispatcherType.REQUEST) {
					inFlight.requireRoom();
				}
				return true;
			}
		}).addPathPatterns("/api/v1/bookings", "/api/v1/bookings/*/*", "/api/v1/booking-sessions",
				"/api/v1/booking-sessions/*/*");
	}
}
