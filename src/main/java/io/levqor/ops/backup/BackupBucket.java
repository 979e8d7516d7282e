package io.levqor.ops.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3-compatible backup target (AWS SDK v2, sync client on the JDK's URL connection, path-style addressing when
 * an endpoint is set): every verified archive and its {@code .sha256} are uploaded next to the local copy, retention
 * deletes there too, and {@code restore s3://bucket/key} downloads from it.
 */
@Component
public class BackupBucket implements DisposableBean {

    private final BackupSettings.S3 settings;
    // Built on first use: the restore command needs a client even when no bucket is configured for uploads.
    private @Nullable S3Client client;

    BackupBucket(BackupSettings settings) {
        this.settings = settings.s3();
    }

    /** Uploads are on: a bucket is configured. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Where archives go, for the record: {@code s3://bucket/prefix}. */
    public String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix();
    }

    /** Uploads the archive, then its sidecar, streamed from the files (the sidecar last: it marks a whole upload). */
    void upload(Path archive, Path sidecar) {
        for (Path file : List.of(archive, sidecar)) {
            client().putObject(
                            put -> put.bucket(settings.bucket())
                                    .key(key(file.getFileName().toString())),
                            RequestBody.fromFile(file));
        }
    }

    /** The archive names (not keys) under the prefix that look like ours. */
    List<String> archives() {
        List<String> names = new ArrayList<>();
        var pages = client().listObjectsV2Paginator(
                        list -> list.bucket(settings.bucket()).prefix(settings.prefix()));
        for (S3Object object : pages.contents()) {
            String name = object.key().substring(settings.prefix().length());
            if (BackupFiles.madeAt(Path.of(name)).isPresent() && !name.contains("/")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Deletes an archive and its sidecar (deleting a missing key is not an error in S3). */
    void delete(String name) {
        for (String key : List.of(key(name), key(name) + ".sha256")) {
            client().deleteObject(delete -> delete.bucket(settings.bucket()).key(key));
        }
    }

    /**
     * Downloads {@code s3://bucket/key} and its {@code .sha256} when there is one into a fresh temporary directory;
     * answers the archive's path there (the caller deletes the directory).
     *
     * @throws ArchiveRefused the location is not {@code s3://bucket/key} or holds no object
     */
    Path download(String location) {
        URI uri = URI.create(location);
        String bucket = uri.getHost();
        String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!"s3".equals(uri.getScheme()) || bucket == null || key.isEmpty() || key.endsWith("/")) {
            throw new ArchiveRefused("not an archive location: " + location + " (expected s3://bucket/key)");
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        try {
            Path directory = Files.createTempDirectory("levqor-restore");
            Path archive = directory.resolve(name);
            try {
                client().getObject(get -> get.bucket(bucket).key(key), archive);
            } catch (NoSuchKeyException e) {
                throw new ArchiveRefused("no archive at " + location);
            }
            try {
                client().getObject(get -> get.bucket(bucket).key(key + ".sha256"), BackupFiles.checksumFile(archive));
            } catch (NoSuchKeyException e) {
                // No sidecar: the archive's own authentication still catches any damage.
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + location, e);
        }
    }

    private String key(String name) {
        return settings.prefix() + name;
    }

    private synchronized S3Client client() {
        if (client == null) {
            var builder = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(settings.region()))
                    .credentialsProvider(credentials());
            if (settings.endpoint() != null && !settings.endpoint().toString().isBlank()) {
                // S3-compatible servers rarely resolve bucket.host names; path-style always works.
                builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
            }
            client = builder.build();
        }
        return client;
    }

    private AwsCredentialsProvider credentials() {
        if (settings.accessKey() != null
                && !settings.accessKey().isBlank()
                && settings.secretKey() != null
                && !settings.secretKey().isBlank()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public synchronized void destroy() {
        if (client != null) {
            client.close();
        }
    }
}
