package dev.courier.support.api;

import dev.courier.support.kafka.DependencyUnavailableException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapterDecorator;
import org.springframework.web.service.invoker.HttpRequestValues;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What an internal call answers, the same for every interface of this package and every service that calls one
 * ({@link InternalApiAutoConfiguration} puts it on each HTTP service group):
 * <ul>
 *   <li>404 is an answer: an empty {@code Optional} (or a null body), or the status where the method returns a
 *       {@code ResponseEntity};</li>
 *   <li>any other 4xx is an answer only where the method returns a {@code ResponseEntity} (its status);</li>
 *   <li>everything else (no connection, a timeout, a 5xx, a body that cannot be read, a 4xx a body method did not
 *       expect) throws {@link DependencyUnavailableException}: a Kafka record is retried while the dependency is down
 *       and a REST request answers 503; a failure never passes for "unknown".</li>
 * </ul>
 */
public final class InternalCalls extends HttpExchangeAdapterDecorator {

    private final String service;

    InternalCalls(String service, HttpExchangeAdapter delegate) {
        super(delegate);
        this.service = service;
    }

    /**
     * A client of {@code api} outside a Spring context (tests and tools): the same answers and failures, the default
     * timeouts (2 s), no service token.
     */
    public static <T> T client(Class<T> api, String service, String baseUrl) {
        Duration timeout = Duration.ofSeconds(2);
        var requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        RestClient http = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(http))
                .exchangeAdapterDecorator(adapter -> new InternalCalls(service, adapter))
                .build()
                .createClient(api);
    }

    @Override
    public <T> T exchangeForBody(HttpRequestValues request, ParameterizedTypeReference<T> type) {
        try {
            return super.exchangeForBody(request, type);
        } catch (HttpClientErrorException.NotFound e) {
            return null;
        } catch (RestClientException e) {
            throw unavailable(request, e);
        }
    }

    @Override
    public ResponseEntity<Void> exchangeForBodilessEntity(HttpRequestValues request) {
        return entity(request, () -> super.exchangeForBodilessEntity(request));
    }

    @Override
    public <T> ResponseEntity<T> exchangeForEntity(HttpRequestValues request, ParameterizedTypeReference<T> type) {
        return entity(request, () -> super.exchangeForEntity(request, type));
    }

    private <T> ResponseEntity<T> entity(HttpRequestValues request, Supplier<ResponseEntity<T>> exchange) {
        try {
            return exchange.get();
        } catch (HttpClientErrorException answer) {
            return ResponseEntity.status(answer.getStatusCode()).build();
        } catch (RestClientException e) {
            throw unavailable(request, e);
        }
    }

    private DependencyUnavailableException unavailable(HttpRequestValues request, RestClientException e) {
        String call = request.getHttpMethod() + " " + (request.getUriTemplate() != null ? request.getUriTemplate()
                : request.getUri());
        return new DependencyUnavailableException(service + " did not answer " + call + ": " + e.getMessage(), e);
    }
}
