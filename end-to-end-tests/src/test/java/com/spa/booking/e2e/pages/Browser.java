package com.spa.booking.e2e.pages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.spa.booking.local.LocalIssuer;

/**
 * A headless Chromium driven by Selenium: a customer or the front desk at their screen. Debian's {@code chromium} and
 * {@code chromium-driver} ({@code .ci/run} installs them); without them the browser tests are skipped, except in CI
 * ({@code CI} set), where they fail. Screenshots go to {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");

	private static final String DRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");

	private static final Duration PATIENCE = Duration.ofSeconds(15);

	private final String name;

	private final ChromeDriver driver;

	private Browser(String name, int width, int height) {
		this.name = name;
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// root in CI has no sandbox to offer; /dev/shm is small in containers
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=" + width + "," + height, "--lang=en-GB");
		// what the pages write to the console comes out with the test's output (close)
		options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
		this.driver = new ChromeDriver(service, options);
	}

	/** Skips the calling tests when there is no Chromium here, unless this is CI. */
	static void assumeInstalled() {
		boolean installed = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
		if (!installed && System.getenv("CI") != null) {
			throw new IllegalStateException("No " + CHROMIUM + " or " + DRIVER
					+ ": install Debian's chromium and chromium-driver (.ci/run does)");
		}
		Assumptions.assumeTrue(installed, "no Chromium here (apt-get install chromium chromium-driver)");
	}

	/** A desktop-sized browser. */
	static Browser open(String name) {
		return new Browser(name, 1360, 900);
	}

	/** A phone-sized one. */
	static Browser phone(String name) {
		return new Browser(name, 390, 844);
	}

	void get(String url) {
		driver.get(url);
	}

	/** Signs in on the page it is on, at the local issuer's login form, and waits to be back on that page. */
	void signIn(LocalIssuer.DemoUser user) {
		signIn(user, "#sign-in-main");
	}

	/** Signs in with the page's button that asks for it, as {@link #signIn(LocalIssuer.DemoUser)}. */
	void signIn(LocalIssuer.DemoUser user, String button) {
		String page = driver.getCurrentUrl();
		click(button);
		waitFor("input[name=username]").sendKeys(user.username());
		find("input[name=password]").sendKeys(user.password());
		find("button[type=submit]").click();
		new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.urlToBe(page));
		waitFor("#who");
	}

	WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	boolean has(String css) {
		return !all(css).isEmpty();
	}

	/** The element once it is there and visible. */
	WebElement waitFor(String css) {
		return waitFor(css, PATIENCE);
	}

	WebElement waitFor(String css, Duration patience) {
		try {
			return new WebDriverWait(driver, patience).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
		}
		catch (TimeoutException notThere) {
			// what the page showed instead
			screenshot("timeout");
			throw notThere;
		}
	}

	void click(String css) {
		new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
	}

	String text(String css) {
		return find(css).getText();
	}

	/** Sets a form field the way a person's edit would (date inputs do not take keys alike in every locale). */
	void set(String css, String value) {
		script("const field = document.querySelector(arguments[0]); field.value = arguments[1];"
				+ " field.dispatchEvent(new Event('input', {bubbles: true}));"
				+ " field.dispatchEvent(new Event('change', {bubbles: true}));", css, value);
	}

	Object script(String javascript, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
	}

	/**
	 * What Deque's axe-core finds against WCAG 2 A and AA on the page as it is now (contrast, labels, names, keyboard
	 * traps): one line per rule broken, with the elements that break it.
	 */
	List<String> accessibilityViolations() {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
		return results.getViolations()
			.stream()
			.map(rule -> rule.getId() + ": " + rule.getHelp() + " "
					+ rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
			.toList();
	}

	/** The whole window as it is now, kept as {@code target/screenshots/<browser>-<step>.png}. */
	void screenshot(String step) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = driver.getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + step + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Prints what the pages wrote to the console with the test's output, and quits. A script error or anything the
	 * Content-Security-Policy blocked fails the test: the page would be broken for a person too.
	 */
	@Override
	public void close() {
		List<String> broken = new java.util.ArrayList<>();
		try {
			driver.manage().logs().get(LogType.BROWSER).forEach(entry -> {
				System.out.println("[" + name + " console] " + entry.getLevel() + " " + entry.getMessage());
				if (entry.getMessage().contains("Uncaught") || entry.getMessage().contains("Content Security Policy")) {
					broken.add(entry.getMessage());
				}
			});
		}
		finally {
			driver.quit();
		}
		if (!broken.isEmpty()) {
			throw new AssertionError("The page in " + name + " broke: " + broken);
		}
	}
}
