package dev.courier.lastseen.push;

import dev.courier.lastseen.LastSeenProperties;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The allow-list of push endpoints. A subscription's endpoint is chosen by the client, so nothing is ever sent to an
 * address that is not on it (checked when subscribing and again before each request): {@code https} on a host of
 * {@code allowed-hosts} ({@code *.suffix} = any host under it), or plain {@code http} on a loopback address
 * ({@code 127.0.0.0/8}, {@code [::1]}, {@code localhost}) where {@code allow-loopback-http} is on. No user info, no
 * fragment, at most {@value #MAX_LENGTH} characters.
 */
@Component
class PushEndpoints {

    static final int MAX_LENGTH = 2048;

    private final List<String> allowedHosts;
    private final boolean allowLoopbackHttp;

    PushEndpoints(LastSeenProperties properties) {
        this.allowedHosts = properties.push().allowedHosts().stream().map(host -> host.toLowerCase(Locale.ROOT))
                .toList();
        this.allowLoopbackHttp = properties.push().allowLoopbackHttp();
    }

    /** The endpoint as a URI; {@link IllegalArgumentException} (400) when it is not on the list. */
    URI parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("endpoint: a URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint: not a URL");
        }
        if (!allowed(uri)) {
            throw new IllegalArgumentException("endpoint: not a push service this server sends to");
        }
        return uri;
    }

    boolean allowed(URI uri) {
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> allowedHosts.stream().anyMatch(allowed -> matches(allowed, host));
            case "http" -> allowLoopbackHttp && loopback(host);
            default -> false;
        };
    }

    private static boolean matches(String allowed, String host) {
        return allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed);
    }

    /** Literal loopback addresses only (and {@code localhost}): no name is resolved for the check. */
    private static boolean loopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
