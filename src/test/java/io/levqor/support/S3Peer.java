package io.levqor.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process S3-compatible server for tests, path-style ({@code /bucket/key}): PutObject (plain or
 * {@code aws-chunked} bodies), GetObject, HeadObject, DeleteObject and ListObjectsV2 (prefix, max-keys,
 * continuation-token, encoding-type=url) as S3's API documents them. SigV4 signatures are not checked, but a request
 * without an {@code Authorization} header is refused with 403 as S3 would refuse an anonymous one.
 */
public final class S3Peer implements AutoCloseable {

    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private record StoredObject(byte[] body, String etag, Instant modified) {}

    private final Set<String> buckets;
    private final Map<String, StoredObject> objects = new ConcurrentSkipListMap<>(); // "bucket/key"
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private S3Peer(Set<String> buckets) throws IOException {
        this.buckets = Set.copyOf(buckets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a peer holding the given (empty) buckets. */
    public static S3Peer start(String... buckets) {
        try {
            return new S3Peer(Set.of(buckets));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The keys in the bucket, sorted. */
    public List<String> keys(String bucket) {
        return objects.keySet().stream()
                .filter(path -> path.startsWith(bucket + "/"))
                .map(path -> path.substring(bucket.length() + 1))
                .toList();
    }

    public byte[] object(String bucket, String key) {
        StoredObject stored = objects.get(bucket + "/" + key);
        if (stored == null) {
            throw new IllegalArgumentException("no object " + bucket + "/" + key);
        }
        return stored.body().clone();
    }

    /** Stores an object directly, as another writer of the bucket would. */
    public void put(String bucket, String key, byte[] body) {
        objects.put(bucket + "/" + key, stored(body));
    }

    /** Every request as {@code METHOD path?query}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                error(exchange, 403, "AccessDenied", "Anonymous requests are not allowed");
                return;
            }
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
            String key = slash < 0 ? "" : trimmed.substring(slash + 1);
            if (!buckets.contains(bucket)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
                return;
            }
            Map<String, String> query = query(rawQuery);
            if (key.isEmpty()) {
                if (method.equals("GET") && "2".equals(query.get("list-type"))) {
                    list(exchange, bucket, query);
                } else {
                    error(exchange, 501, "NotImplemented", "not implemented by the test peer");
                }
                return;
            }
            switch (method) {
                case "PUT" -> {
                    StoredObject stored = stored(decode(exchange, body));
                    objects.put(bucket + "/" + key, stored);
                    exchange.getResponseHeaders().set("ETag", stored.etag());
                    exchange.sendResponseHeaders(200, -1);
                }
                case "GET", "HEAD" -> {
                    StoredObject stored = objects.get(bucket + "/" + key);
                    if (stored == null) {
                        if (method.equals("HEAD")) {
                            exchange.sendResponseHeaders(404, -1);
                        } else {
                            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                        }
                        return;
                    }
                    var headers = exchange.getResponseHeaders();
                    headers.set("ETag", stored.etag());
                    headers.set("Content-Type", "binary/octet-stream");
                    headers.set(
                            "Last-Modified",
                            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                    stored.modified().atZone(ZoneOffset.UTC)));
                    if (method.equals("HEAD")) {
                        headers.set("Content-Length", Integer.toString(stored.body().length));
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        exchange.sendResponseHeaders(200, stored.body().length == 0 ? -1 : stored.body().length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(stored.body());
                        }
                    }
                }
                case "DELETE" -> {
                    // S3 answers 204 whether or not the key existed.
                    objects.remove(bucket + "/" + key);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> error(exchange, 405, "MethodNotAllowed", "not allowed");
            }
        }
    }

    private void list(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        String after = query.get("continuation-token");
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        List<String> matching = new ArrayList<>();
        for (String key : keys(bucket)) {
            if (key.startsWith(prefix) && (after == null || key.compareTo(after) > 0)) {
                matching.add(key);
            }
        }
        boolean truncated = matching.size() > maxKeys;
        List<String> page = truncated ? matching.subList(0, maxKeys) : matching;
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<ListBucketResult xmlns=\"").append(NAMESPACE).append("\">");
        element(xml, "Name", bucket);
        element(xml, "Prefix", encode(prefix, urlEncoded));
        element(xml, "KeyCount", Integer.toString(page.size()));
        element(xml, "MaxKeys", Integer.toString(maxKeys));
        if (urlEncoded) {
            element(xml, "EncodingType", "url");
        }
        element(xml, "IsTruncated", Boolean.toString(truncated));
        if (after != null) {
            element(xml, "ContinuationToken", after);
        }
        if (truncated) {
            element(xml, "NextContinuationToken", page.getLast());
        }
        for (String key : page) {
            StoredObject stored = objects.get(bucket + "/" + key);
            xml.append("<Contents>");
            element(xml, "Key", encode(key, urlEncoded));
            element(xml, "LastModified", ISO.format(stored.modified()));
            element(xml, "ETag", stored.etag());
            element(xml, "Size", Integer.toString(stored.body().length));
            element(xml, "StorageClass", "STANDARD");
            xml.append("</Contents>");
        }
        xml.append("</ListBucketResult>");
        send(exchange, 200, xml.toString());
    }

    /**
     * The object's bytes: a body sent with {@code aws-chunked} content encoding (streaming SigV4, with or without
     * trailing checksums) is {@code hex-size[;chunk-signature=…]\r\n data \r\n} chunks ending with a 0-size one.
     */
    private static byte[] decode(HttpExchange exchange, byte[] body) throws IOException {
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        boolean chunked =
                (sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"));
        if (!chunked) {
            return body;
        }
        var in = new java.io.ByteArrayInputStream(body);
        var out = new ByteArrayOutputStream();
        while (true) {
            String header = line(in);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray(); // what follows are trailers (checksums), not data
            }
            out.write(in.readNBytes(size));
            if (!line(in).isEmpty()) {
                throw new IOException("malformed aws-chunked body");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static StoredObject stored(byte[] body) {
        try {
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
            return new StoredObject(body, "\"" + md5 + "\"", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(
                exchange,
                status,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><RequestId>peer</RequestId></Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>');
        xml.append(value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;"));
        xml.append("</").append(name).append('>');
    }

    private static String encode(String value, boolean urlEncoded) {
        return urlEncoded ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20") : value;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
