package io.levqor.ops.backup;

import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.privacy.PlatformEncryption.DerivedKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encrypted envelope of an archive: {@code "LVQBKP01" ‖ header length (u16) ‖ header JSON ‖ chunk*}, each chunk
 * {@code length (int) ‖ AES-256-GCM ciphertext ‖ tag} of at most {@link #CHUNK} plaintext bytes. The key is derived
 * from the master key and the header's salt; every chunk authenticates the header's hash, its index and whether it
 * is the last, so a flipped byte, swapped, dropped or appended chunk, or a cut-off file fails to open.
 */
final class ArchiveCipher {

    static final byte[] MAGIC = "LVQBKP01".getBytes(StandardCharsets.US_ASCII);
    static final int CHUNK = 1 << 20;
    private static final int TAG_BITS = 128;
    private static final String PURPOSE = "backup-archive:v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ArchiveCipher() {}

    /** Starts an archive in {@code sink}; closing the returned stream seals the last chunk (and closes the sink). */
    static OutputStream encrypt(OutputStream sink, PlatformEncryption encryption, JsonMapper json, String created)
            throws IOException {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] noncePrefix = new byte[4];
        RANDOM.nextBytes(noncePrefix);
        DerivedKey key = encryption.deriveKey(PURPOSE, salt);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", 1);
        header.put("cipher", "AES-256-GCM");
        header.put("masterKeyId", key.masterKeyId());
        header.put("salt", Base64.getEncoder().encodeToString(salt));
        header.put("noncePrefix", Base64.getEncoder().encodeToString(noncePrefix));
        header.put("chunkSize", CHUNK);
        header.put("created", created);
        byte[] headerBytes = json.writeValueAsBytes(header);
        var out = new DataOutputStream(sink);
        out.write(MAGIC);
        out.writeShort(headerBytes.length);
        out.write(headerBytes);
        return new Sealing(out, key.key(), noncePrefix, headerHash(headerBytes));
    }

    /** Opens an archive; reading past a bad chunk throws {@link ArchiveRefused} (as the cause of an IOException). */
    static Opened decrypt(InputStream source, PlatformEncryption encryption, JsonMapper json) throws IOException {
        var in = new DataInputStream(source);
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new ArchiveRefused("not a Levqor backup archive (too short)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ArchiveRefused("not a Levqor backup archive (unknown format)");
        }
        byte[] headerBytes;
        Map<?, ?> header;
        try {
            headerBytes = new byte[in.readUnsignedShort()];
            in.readFully(headerBytes);
            header = json.readValue(headerBytes, Map.class);
        } catch (EOFException | JacksonException e) {
            throw new ArchiveRefused("the archive is damaged: its header cannot be read");
        }
        if (!(header.get("masterKeyId") instanceof String masterKeyId)
                || !(header.get("salt") instanceof String salt)
                || !(header.get("noncePrefix") instanceof String prefix)) {
            throw new ArchiveRefused("the archive is damaged: its header lacks the key's id, salt or nonce");
        }
        DerivedKey key;
        try {
            key = encryption.deriveKey(masterKeyId, PURPOSE, Base64.getDecoder().decode(salt));
        } catch (DecryptionFailed | IllegalArgumentException e) {
            throw new ArchiveRefused("the archive was sealed under master key " + masterKeyId
                    + ", which this Levqor does not have (its master key is " + encryption.currentMasterKeyId()
                    + "): it comes from another install, or set that key in LEVQOR_MASTER_KEY_PREVIOUS");
        }
        byte[] noncePrefix = Base64.getDecoder().decode(prefix);
        return new Opened(new Opening(in, key.key(), noncePrefix, headerHash(headerBytes)), masterKeyId);
    }

    /** A decrypting stream and the id of the master key the archive was sealed under. */
    record Opened(InputStream plaintext, String masterKeyId) {}

    private static byte[] headerHash(byte[] headerBytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(MAGIC);
            return sha.digest(headerBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] nonce(byte[] prefix, long index) {
        return ByteBuffer.allocate(12).put(prefix, 0, 4).putLong(index).array();
    }

    private static byte[] associatedData(byte[] headerHash, long index, boolean last) {
        return ByteBuffer.allocate(headerHash.length + 9)
                .put(headerHash)
                .putLong(index)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    private static final class Sealing extends ChunkedOutput {
        private final DataOutputStream out;
        private final SecretKey key;
        private final byte[] noncePrefix;
        private final byte[] headerHash;
        private long index;

        Sealing(DataOutputStream out, SecretKey key, byte[] noncePrefix, byte[] headerHash) {
            super(CHUNK);
            this.out = out;
            this.key = key;
            this.noncePrefix = noncePrefix;
            this.headerHash = headerHash;
        }

        @Override
        protected void emit(byte[] chunk, int length, boolean last) throws IOException {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(noncePrefix, index)));
                cipher.updateAAD(associatedData(headerHash, index, last));
                byte[] sealed = cipher.doFinal(chunk, 0, length);
                out.writeInt(sealed.length);
                out.write(sealed);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable", e);
            }
            index++;
            if (last) {
                out.close();
            }
        }
    }

    private static final class Opening extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private final byte[] noncePrefix;
        private final byte[] headerHash;
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean ended;

        Opening(DataInputStream in, SecretKey key, byte[] noncePrefix, byte[] headerHash) {
            this.in = in;
            this.key = key;
            this.noncePrefix = noncePrefix;
            this.headerHash = headerHash;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private void next() throws IOException {
            byte[] sealed;
            try {
                int length = in.readInt();
                if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
                    throw damaged("chunk " + index + " has an impossible length", null);
                }
                sealed = new byte[length];
                in.readFully(sealed);
            } catch (EOFException e) {
                throw damaged("the archive is truncated (it ends before its last chunk)", null);
            }
            try {
                plain = open(sealed, false);
            } catch (AEADBadTagException notMiddle) {
                try {
                    plain = open(sealed, true);
                    ended = true;
                    if (in.read() != -1) {
                        throw damaged("the archive has bytes after its last chunk", null);
                    }
                } catch (AEADBadTagException e) {
                    throw damaged("chunk " + index + " fails its authentication (the file was altered or damaged)", e);
                }
            }
            position = 0;
            index++;
        }

        private byte[] open(byte[] sealed, boolean last) throws AEADBadTagException {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(noncePrefix, index)));
                cipher.updateAAD(associatedData(headerHash, index, last));
                return cipher.doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable", e);
            }
        }

        private static IOException damaged(String message, @Nullable Throwable cause) {
            return new IOException(message, new ArchiveRefused("the archive is damaged: " + message, cause));
        }
    }
}
