package com.spa.booking.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.local.LocalStack;

/**
 * The README's walk through the API, as the script {@code docs/walkthrough.sh} runs it (bash, curl, sed): against a
 * worker and a gateway on the demo spa, with tokens from the local issuer. The script stops at the first answer it did
 * not expect.
 */
class WalkthroughIntegrationTests {

	@Test
	void theWalkThroughTheApiRunsAsWrittenAgainstTheDemoSpa() throws Exception {
		try (Pipeline pipeline = Pipeline.onTestStack("walkthrough")) {
			ConfigurableApplicationContext worker = pipeline.startWorker();
			new ResourceDatabasePopulator(new ClassPathResource(LocalStack.DEMO_DATA))
				.execute(worker.getBean(javax.sql.DataSource.class));
			ConfigurableApplicationContext gateway = pipeline.startGateway();
			int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();

			ProcessBuilder script = new ProcessBuilder("bash", Path.of("..", "docs", "walkthrough.sh").toString())
				.redirectErrorStream(true);
			script.environment().put("API", "http://localhost:" + port + "/api/v1");
			script.environment().put("ISSUER", TestIssuer.uri());
			Process walk = script.start();
			// read to the end first: the script cannot block on a full pipe then
			String output = new String(walk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			boolean ended = walk.waitFor(2, TimeUnit.MINUTES);
			System.out.println(output);

			assertThat(ended).as("the walk ended").isTrue();
			assertThat(walk.exitValue()).as(output).isZero();
			assertThat(output).contains("# the walk is done");
		}
	}
}
