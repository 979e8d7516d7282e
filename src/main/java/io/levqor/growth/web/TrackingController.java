package io.levqor.growth.web;

import io.levqor.growth.internal.MailEngagements;
import io.levqor.growth.internal.MailLinks;
import java.net.URI;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The open pixel ({@code GET /t/o/{token}.gif}) and click redirect ({@code GET /t/c/{token}}) of tracked marketing
 * mail. Both are signed: a click goes only to the target the sender put in the token (no open redirect), and a forged
 * token is a 404 that records nothing.
 */
@RestController
class TrackingController {

    // The smallest transparent GIF.
    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final MailLinks links;
    private final MailEngagements engagements;

    TrackingController(MailLinks links, MailEngagements engagements) {
        this.links = links;
        this.engagements = engagements;
    }

    @GetMapping(MailLinks.OPEN_PATH + "{token}")
    ResponseEntity<byte[]> open(@PathVariable String token) {
        return links.verifyOpen(token)
                .map(tracked -> {
                    engagements.record(tracked);
                    return ResponseEntity.ok()
                            .contentType(MediaType.IMAGE_GIF)
                            .cacheControl(CacheControl.noStore())
                            .body(PIXEL);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    @GetMapping(MailLinks.CLICK_PATH + "{token}")
    ResponseEntity<Void> click(@PathVariable String token) {
        return links.verifyClick(token)
                .map(tracked -> {
                    engagements.record(tracked);
                    return ResponseEntity.status(HttpStatus.FOUND)
                            .location(URI.create(tracked.url()))
                            .cacheControl(CacheControl.noStore())
                            .<Void>build();
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }
}
