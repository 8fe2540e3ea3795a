package com.spa.booking.gateway.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import com.spa.booking.support.SharedSettings;

/**
 * The gateway's security rules, its settings and the {@link Caller} argument, for web slices ({@code @WebMvcTest}) of controllers in
 * other packages: a slice loads controllers, not configuration.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, CallerArguments.class })
@EnableConfigurationProperties({ com.spa.booking.gateway.GatewayProperties.class, SharedSettings.class })
public class SecurityTestSupport {
}
