package com.spa.booking.gateway.request;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

import org.springframework.http.ProblemDetail;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;

/**
 * What one kind of command's answers hold: the controller that takes the command supplies it, so that
 * {@link CommandResponder} puts every answer together the same way without knowing the views.
 *
 * @param <C> the commands answered this way
 * @param <V> what a success shows
 */
public interface AnswerShape<C extends BookingCommand, V> {

	/** What a succeeded command shows. */
	V view(CommandResult succeeded);

	/** Where a created resource is found: only asked when the command creates one. */
	URI location(V view);

	/** Members of a {@code 202} body besides the request's ID and status. */
	default Map<String, Object> pendingMembers(C command) {
		return Map.of();
	}

	/** The problem of a rejected or failed request. */
	default ProblemDetail problem(RequestState state) {
		return state.problem();
	}

	/** The shape of commands that need nothing but a view and its location. */
	static <C extends BookingCommand, V> AnswerShape<C, V> of(Function<CommandResult, V> view, Function<V, URI> location) {
		return new AnswerShape<>() {

			@Override
			public V view(CommandResult succeeded) {
				return view.apply(succeeded);
			}

			@Override
			public URI location(V shown) {
				return location.apply(shown);
			}
		};
	}
}
