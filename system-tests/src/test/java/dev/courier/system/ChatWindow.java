package dev.courier.system;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One browser window on the web client, in headless Chromium driven by Selenium, with the page's own element ids
 * and {@code data-testid}s. Every wait is an explicit condition (a re-rendered element is looked up again).
 */
final class ChatWindow implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    private static final Deque<ChromeDriver> IDLE = new ArrayDeque<>();

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final URI page;
    private boolean closed;

    private ChatWindow(ChromeDriver driver, URI page) {
        this.driver = driver;
        this.page = page;
        this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
        this.wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    /** Chromium and chromedriver from the PATH, or empty when this machine has none. */
    static Optional<Path[]> browser() {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> driver = onPath("chromedriver");
        return chromium.isPresent() && driver.isPresent()
                ? Optional.of(new Path[] {chromium.get(), driver.get()}) : Optional.empty();
    }

    /**
     * Opens the page in a browser a closed window left behind, or in a new one. Launching Chromium and its driver
     * costs more than most of a test's steps on two busy cores, and a test only needs a window that starts signed
     * out: {@link #close} leaves nothing of its page behind.
     */
    static ChatWindow open(URI page, Path profiles) {
        ChromeDriver idle;
        synchronized (IDLE) {
            idle = IDLE.poll();
        }
        ChatWindow window = new ChatWindow(idle != null ? idle : launch(profiles), page);
        window.driver.get(page.toString());
        window.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        return window;
    }

    private static ChromeDriver launch(Path profiles) {
        Path[] browser = browser().orElseThrow(() -> new IllegalStateException("chromium or chromedriver missing"));
        try {
            Path home = Files.createDirectories(profiles).resolve("xdg");
            Files.createDirectories(home);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(browser[1].toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("XDG_CONFIG_HOME", home.toString(), "XDG_CACHE_HOME", home.toString()))
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser[0].toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-sync", "--no-first-run", "--window-size=" + WIDTH + "," + HEIGHT,
                    "--user-data-dir=" + Files.createTempDirectory(profiles, "profile-"));
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- account ----

    ChatWindow register(String name, String phone, String password) {
        type(By.id("register-name"), name);
        type(By.id("register-phone"), phone);
        type(By.id("register-password"), password);
        click(By.id("register-button"));
        return awaitSignedIn();
    }

    ChatWindow logIn(TestUser user) {
        type(By.id("login-phone"), user.phone());
        type(By.id("login-password"), user.password());
        click(By.id("login-button"));
        return awaitSignedIn();
    }

    private ChatWindow awaitSignedIn() {
        until(d -> d.findElement(By.id("chat-screen")).isDisplayed());
        return awaitOnline();
    }

    ChatWindow awaitOnline() {
        until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-connection")));
        return this;
    }

    // ---- chats ----

    ChatWindow startChat(String phone) {
        click(By.id("new-chat-button"));
        type(By.id("new-chat-phone"), phone);
        click(By.id("new-chat-start"));
        until(d -> d.findElement(By.id("chat-view")).isDisplayed()
                && !d.findElement(By.id("new-chat-dialog")).isDisplayed());
        return this;
    }

    ChatWindow createGroup(String name, String... phones) {
        click(By.id("new-group-button"));
        type(By.id("group-name"), name);
        type(By.id("group-members"), String.join(", ", phones));
        click(By.id("create-group-button"));
        until(d -> d.findElement(By.id("conversation-title")).getText().equals(name));
        return this;
    }

    /** Removes a member in the open group's info dialog; answers the names listed afterwards. */
    java.util.List<String> removeGroupMember(String name) {
        click(By.id("group-info-button"));
        int before = until(d -> d.findElements(By.cssSelector("[data-testid=group-member]")).size(), n -> n > 0);
        click(By.cssSelector("#group-members-list button[aria-label='Remove " + name + "']"));
        until(d -> d.findElements(By.cssSelector("[data-testid=group-member]")).size() == before - 1);
        java.util.List<String> names = driver.findElements(By.cssSelector("[data-testid=group-member] span:first-child"))
                .stream().map(WebElement::getText).toList();
        click(By.cssSelector("#group-info-dialog [data-close]"));
        until(d -> !d.findElement(By.id("group-info-dialog")).isDisplayed());
        return names;
    }

    By chatItem(String title) {
        return By.cssSelector("[data-testid=chat-item][data-title='" + title + "']");
    }

    ChatWindow awaitChat(String title) {
        until(d -> d.findElement(chatItem(title)).isDisplayed());
        return this;
    }

    ChatWindow openChat(String title) {
        click(chatItem(title));
        until(d -> d.findElement(By.id("conversation-title")).getText().equals(title));
        return this;
    }

    String unreadCount(String title) {
        return until(d -> d.findElement(chatItem(title)).findElements(By.cssSelector("[data-testid=unread-count]"))
                .stream().map(WebElement::getText).findFirst().orElse(""), s -> true);
    }

    ChatWindow awaitUnreadCount(String title, String count) {
        until(d -> d.findElement(chatItem(title)).findElements(By.cssSelector("[data-testid=unread-count]"))
                .stream().map(WebElement::getText).anyMatch(count::equals));
        return this;
    }

    String peerStatus() {
        return driver.findElement(By.id("peer-status")).getText();
    }

    ChatWindow awaitPeerStatus(Function<String, Boolean> condition) {
        until(d -> condition.apply(d.findElement(By.id("peer-status")).getText()));
        return this;
    }

    // ---- messages ----

    ChatWindow send(String text) {
        type(By.id("message-input"), text + Keys.ENTER);
        return this;
    }

    /** Types into the message field without sending: the peer sees "typing…". Send it with {@link #pressEnter()}. */
    ChatWindow typeMessage(String text) {
        type(By.id("message-input"), text);
        return this;
    }

    ChatWindow pressEnter() {
        type(By.id("message-input"), Keys.ENTER);
        return this;
    }

    static By message(String text) {
        return By.xpath("//div[@data-testid='message'][.//div[@data-testid='message-text' and text()="
                + xpathLiteral(text) + "]]");
    }

    ChatWindow awaitMessage(String text) {
        until(d -> d.findElement(message(text)).isDisplayed());
        return this;
    }

    int copiesOf(String text) {
        return driver.findElements(message(text)).size();
    }

    /** The ticks of one of my messages: {@code pending}, {@code sent}, {@code delivered} or {@code read}. */
    String status(String text) {
        return until(d -> d.findElement(message(text)).getDomAttribute("data-status"), s -> true);
    }

    ChatWindow awaitStatus(String text, String status) {
        until(d -> status.equals(d.findElement(message(text)).getDomAttribute("data-status")));
        return this;
    }

    /** The client-made id of a message, the same in every window. */
    String messageId(String text) {
        return until(d -> d.findElement(message(text)).getDomAttribute("data-message-id"), s -> true);
    }

    // ---- message actions ----

    /** The options of a message's menu besides reacting, as shown (Edit, Delete for everyone, Message info). */
    List<String> menuOptions(String text) {
        return openMessageMenu(text).menuOptions();
    }

    /** The options of the open message menu besides reacting; closes it. */
    List<String> menuOptions() {
        List<String> options = driver.findElements(By.cssSelector("#message-menu .menu-item")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
        closeDialog("message-menu");
        return options;
    }

    /** Picks an emoji in a message's menu: a reaction, or taking it back when it is already mine. */
    ChatWindow react(String text, String emoji) {
        openMessageMenu(text);
        click(By.cssSelector("#reaction-picker [data-emoji='" + emoji + "']"));
        until(d -> !d.findElement(By.id("message-menu")).isDisplayed());
        return this;
    }

    /** Waits until the reactions under a message are these counts by emoji (empty: none). */
    ChatWindow awaitReactions(String text, Map<String, Integer> counts) {
        until(d -> counts.equals(d.findElement(message(text)).findElements(By.cssSelector("[data-testid=reaction]"))
                .stream().collect(Collectors.toMap(r -> r.getDomAttribute("data-emoji"),
                        r -> Integer.valueOf(r.getDomAttribute("data-count"))))));
        return this;
    }

    ChatWindow edit(String text, String newText) {
        openMessageMenu(text);
        click(By.id("menu-edit"));
        until(d -> d.findElement(By.id("edit-dialog")).isDisplayed());
        driver.findElement(By.id("edit-input")).clear();
        type(By.id("edit-input"), newText);
        click(By.id("edit-save"));
        until(d -> !d.findElement(By.id("edit-dialog")).isDisplayed());
        return this;
    }

    /** Replies to a message from its menu: the quote shows above the composer, then the reply is sent. */
    ChatWindow reply(String text, String replyText) {
        startReply(text);
        return send(replyText);
    }

    /** Chooses Reply in a message's menu; answers the preview the composer's quote shows. */
    String startReply(String text) {
        openMessageMenu(text);
        click(By.id("menu-reply"));
        return until(d -> d.findElement(By.id("reply-bar")).isDisplayed()
                ? d.findElement(By.cssSelector("[data-testid=reply-bar-text]")).getText() : null, t -> !t.isEmpty());
    }

    ChatWindow cancelReply() {
        click(By.cssSelector("[data-testid=reply-cancel]"));
        until(d -> !d.findElement(By.id("reply-bar")).isDisplayed());
        return this;
    }

    /** The quote in a reply's bubble: who is quoted and the preview ("" when none), once it shows. */
    List<String> quoteIn(String text) {
        return until(d -> {
            WebElement quote = d.findElement(message(text)).findElement(By.cssSelector("[data-testid=quote]"));
            return List.of(quote.findElement(By.className("quote-from")).getText(),
                    quote.findElement(By.cssSelector("[data-testid=quote-text]")).getText());
        }, q -> true);
    }

    /** Clicks the quote of a reply; waits until the quoted message (by its text) is highlighted. */
    ChatWindow followQuote(String replyText, String quotedText) {
        until(d -> {
            d.findElement(message(replyText)).findElement(By.cssSelector("[data-testid=quote]")).click();
            return true;
        });
        until(d -> d.findElement(message(quotedText)).getDomAttribute("class").contains("highlight"));
        return this;
    }

    /** Blocks the open direct chat's contact from the header, confirming. */
    ChatWindow blockContact() {
        click(By.cssSelector("[data-testid=block-button]"));
        click(By.id("block-confirm"));
        until(d -> d.findElement(By.cssSelector("[data-testid=blocked-notice]")).isDisplayed());
        return this;
    }

    boolean composerShown() {
        return driver.findElement(By.id("composer")).isDisplayed();
    }

    String blockedNotice() {
        return driver.findElement(By.cssSelector("[data-testid=blocked-notice]")).getText();
    }

    /** Unblocks from the notice that replaces the composer of a blocked chat. */
    ChatWindow unblockContact() {
        click(By.cssSelector("[data-testid=unblock-button]"));
        until(d -> !d.findElement(By.cssSelector("[data-testid=blocked-notice]")).isDisplayed()
                && d.findElement(By.id("composer")).isDisplayed());
        return this;
    }

    boolean isEdited(String text) {
        return !driver.findElement(message(text)).findElements(By.cssSelector("[data-testid=edited-marker]")).isEmpty();
    }

    ChatWindow deleteForEveryone(String text) {
        openMessageMenu(text);
        click(By.id("menu-delete"));
        click(By.id("delete-confirm"));
        until(d -> !d.findElement(By.id("delete-dialog")).isDisplayed());
        return this;
    }

    /** Waits until the message of this id shows in place as deleted. */
    ChatWindow awaitDeleted(String messageId) {
        until(d -> d.findElement(By.cssSelector("[data-testid=message][data-message-id=" + cssLiteral(messageId)
                + "] [data-testid=deleted-marker]")).isDisplayed());
        return this;
    }

    /** Message info of one of my messages: each recipient's name and how far it got (sent, delivered, read). */
    Map<String, String> messageInfo(String text) {
        openMessageMenu(text);
        click(By.id("menu-info"));
        Map<String, String> rows = until(d -> d.findElements(By.cssSelector("[data-testid=info-row]")).stream()
                .collect(Collectors.toMap(r -> r.findElement(By.className("info-name")).getText(),
                        r -> r.getDomAttribute("data-status"))), m -> !m.isEmpty() && !m.containsKey("…"));
        closeDialog("info-dialog");
        return rows;
    }

    /** Opens a message's menu as a user does: the options button shows when the pointer is over the bubble. */
    ChatWindow openMessageMenu(String text) {
        until(d -> {
            WebElement button = d.findElement(message(text)).findElement(By.cssSelector("[data-testid=message-menu]"));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
            new Actions(d).moveToElement(button).click().perform();
            return d.findElement(By.id("message-menu")).isDisplayed();
        });
        return this;
    }

    private void closeDialog(String id) {
        click(By.cssSelector("#" + id + " [data-close]"));
        until(d -> !d.findElement(By.id(id)).isDisplayed());
    }

    boolean hasDisappearingMarker(String text) {
        return !driver.findElement(message(text)).findElements(By.cssSelector("[data-testid=disappearing-marker]")).isEmpty();
    }

    ChatWindow awaitGone(String text) {
        until(d -> d.findElements(message(text)).isEmpty());
        return this;
    }

    ChatWindow setDisappearingTimer(int seconds) {
        click(By.id("timer-button"));
        click(By.cssSelector("label[for='timer-" + seconds + "']"));
        click(By.id("timer-save"));
        until(d -> d.findElement(By.id("timer-notice")).isDisplayed());
        return this;
    }

    ChatWindow sendImage(Path file, String caption) {
        driver.findElement(By.id("attach-input")).sendKeys(file.toAbsolutePath().toString());
        until(d -> d.findElement(By.id("image-preview-dialog")).isDisplayed()
                && naturalWidth(d.findElement(By.id("image-preview"))) > 0);
        type(By.id("image-caption"), caption);
        click(By.id("image-send"));
        return this;
    }

    /** Opens the profile editor, sets name, about and photo, and saves; waits for the dialog to close. */
    ChatWindow editProfile(String name, String about, Path photo) {
        click(By.id("profile-button"));
        until(d -> d.findElement(By.id("profile-dialog")).isDisplayed()
                && !d.findElement(By.id("profile-name")).getDomProperty("value").isEmpty());
        driver.findElement(By.id("profile-name")).clear();
        type(By.id("profile-name"), name);
        driver.findElement(By.id("profile-about")).clear();
        type(By.id("profile-about"), about);
        driver.findElement(By.id("profile-photo-input")).sendKeys(photo.toAbsolutePath().toString());
        click(By.id("profile-save"));
        until(d -> !d.findElement(By.id("profile-dialog")).isDisplayed());
        return this;
    }

    /** The name the page shows for the signed-in user. */
    String myName() {
        return driver.findElement(By.cssSelector("[data-testid=me-name]")).getText();
    }

    /** Waits until the chat of this title shows a loaded profile photo as its avatar; answers its pixel width. */
    long awaitAvatarPhoto(String title) {
        return until(d -> {
            var photos = d.findElements(By.cssSelector("[data-testid=chat-item][data-title="
                    + cssLiteral(title) + "] [data-testid=avatar-photo]"));
            return photos.isEmpty() ? 0L : naturalWidth(photos.getFirst());
        }, w -> w > 0);
    }

    /** Waits for a thumbnail, loaded, in the open chat; answers its pixel width. */
    long awaitThumbnail() {
        return until(d -> naturalWidth(d.findElement(By.cssSelector("[data-testid=thumbnail]"))), w -> w > 0);
    }

    /** Opens the first image of the chat full size; answers the full image's pixel width once loaded. */
    long openImageFullSize() {
        click(By.cssSelector("[data-testid=message-image]"));
        return until(d -> naturalWidth(d.findElement(By.id("full-image"))), w -> w > 0);
    }

    /** Scrolls the open chat to its top, where older messages load. */
    ChatWindow scrollToOldest() {
        driver.executeScript("const m = document.getElementById('messages'); m.scrollTop = 0;"
                + " m.dispatchEvent(new Event('scroll'));");
        return this;
    }

    /** Reloads the page: the login (sessionStorage) and the chat list (localStorage) stay, messages are reloaded. */
    ChatWindow reload() {
        driver.navigate().refresh();
        return awaitSignedIn();
    }

    // ---- connection ----

    void dropConnection() {
        driver.executeScript("window.courier.debugDropConnection()");
        until(d -> "offline".equals(d.findElement(By.tagName("body")).getDomAttribute("data-connection")));
        until(d -> d.findElement(By.cssSelector("[data-testid=connection-banner]")).isDisplayed());
    }

    void restoreConnection() {
        driver.executeScript("window.courier.debugRestoreConnection()");
        awaitOnline();
    }

    // ---- plumbing ----

    void screenshot(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    URI page() {
        return page;
    }

    private long naturalWidth(WebElement image) {
        Object width = ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", image);
        return width instanceof Number n ? n.longValue() : 0;
    }

    private void type(By field, CharSequence text) {
        until(d -> {
            WebElement element = d.findElement(field);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.sendKeys(text);
            return true;
        });
    }

    private void click(By target) {
        until(d -> {
            WebElement element = d.findElement(target);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private void until(Function<WebDriver, Boolean> condition) {
        until(d -> condition.apply(d) ? Boolean.TRUE : null, v -> true);
    }

    /** Waits for an accepted value; on timeout the failure names what the page shows as errors and its state. */
    private <T> T until(Function<WebDriver, T> value, Predicate<T> accept) {
        try {
            return wait.until(d -> {
                T v = value.apply(d);
                return v != null && accept.test(v) ? v : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out in the page; connection "
                    + driver.findElement(By.tagName("body")).getDomAttribute("data-connection") + ", errors shown: "
                    + driver.findElements(By.cssSelector(".error")).stream().map(WebElement::getText)
                            .filter(t -> !t.isBlank()).toList(), e);
        }
    }

    /**
     * Closes the window as a user would (its tab goes, and with it the page's socket and its sessionStorage, the
     * login), clears what the origin stored in the profile, and keeps the browser for the next {@link #open}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            String closing = driver.getWindowHandle();
            String next = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
            driver.switchTo().window(closing).close();
            driver.switchTo().window(next);
            driver.executeCdpCommand("Storage.clearDataForOrigin",
                    Map.of("origin", page.resolve("/").toString().replaceAll("/$", ""), "storageTypes", "all"));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(WIDTH, HEIGHT));
        } catch (WebDriverException e) {
            driver.quit();
            return;
        }
        synchronized (IDLE) {
            IDLE.push(driver);
        }
    }

    /** Quits every browser kept for reuse. */
    static void quitIdleBrowsers() {
        synchronized (IDLE) {
            IDLE.forEach(ChromeDriver::quit);
            IDLE.clear();
        }
    }

    private static String cssLiteral(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
