package com.spa.booking.gateway.pages;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code /} is the customer page (Spring Boot's welcome page, {@code static/index.html}); this adds the front desk's. */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/front-desk").setViewName("forward:/front-desk.html");
	}
}
