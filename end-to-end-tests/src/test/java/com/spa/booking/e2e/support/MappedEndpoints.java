package com.spa.booking.e2e.support;

import java.util.List;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.spa.booking.local.LocalStack;

/** What the gateway answers, as its handler mappings say: the tests that walk every endpoint start here. */
public final class MappedEndpoints {

	private MappedEndpoints() {
	}

	/** Every {@code "METHOD /pattern"} the gateway maps, in order; a mapping without a method counts as GET. */
	public static TreeSet<String> of(LocalStack stack) {
		RequestMappingHandlerMapping mappings = stack.gateway()
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
		TreeSet<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("GET")
					: info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).toList();
			for (String pattern : info.getPatternValues()) {
				methods.forEach(method -> endpoints.add(method + " " + pattern));
			}
		}
		return endpoints;
	}
}
