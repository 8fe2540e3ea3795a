package com.spa.booking.gateway.request;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.spa.booking.gateway.GatewayProperties;

/**
 * Lets a controller method take the {@link WaitPreference} and the {@link IdempotencyKey} as parameters, read from
 * their headers once here rather than by every endpoint of the asynchronous pattern. (The OpenAPI document describes
 * the two headers wherever a handler takes these parameters.)
 */
@Configuration(proxyBeanMethods = false)
class RequestArguments implements WebMvcConfigurer {

	private final Duration maxWait;

	RequestArguments(GatewayProperties properties) {
		this.maxWait = properties.gateway().maxWait();
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(header(WaitPreference.HEADER, WaitPreference.class, value -> WaitPreference.of(value, maxWait)));
		resolvers.add(header(IdempotencyKey.HEADER, IdempotencyKey.class, IdempotencyKey::of));
	}

	private static <T> HandlerMethodArgumentResolver header(String name, Class<T> type, Function<String, T> read) {
		return new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == type;
			}

			@Override
			public T resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
					NativeWebRequest request, WebDataBinderFactory binders) {
				return read.apply(request.getHeader(name));
			}
		};
	}
}
