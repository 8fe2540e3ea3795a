package com.spa.booking.gateway.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import com.spa.booking.gateway.web.BodyTooLarge;

/**
 * No request body beyond {@code booking.security.max-body-size}: a declared length beyond it is answered {@code 413} at
 * once, and a chunked body is cut off where it passes it (the JSON reader then fails, and {@code ProblemHandler}
 * answers {@code 413} as well).
 */
final class BodySizeLimit extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemResponses problems;

	BodySizeLimit(DataSize max, ProblemResponses problems) {
		this.maxBytes = max.toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			problems.tooLarge(response, maxBytes);
			return;
		}
		chain.doFilter(request.getContentLengthLong() >= 0 ? request : new Limited(request, maxBytes), response);
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				ServletInputStream body = super.getInputStream();
				stream = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int b = body.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = body.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(int n) throws BodyTooLarge {
						read += n;
						if (read > maxBytes) {
							throw new BodyTooLarge(maxBytes);
						}
					}

					@Override
					public boolean isFinished() {
						return body.isFinished();
					}

					@Override
					public boolean isReady() {
						return body.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						body.setReadListener(listener);
					}
				};
			}
			return stream;
		}
	}
}
