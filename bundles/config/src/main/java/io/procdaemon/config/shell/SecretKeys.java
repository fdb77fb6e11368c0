package io.procdaemon.config.shell;

import java.util.List;
import java.util.Locale;

/**
 * Keys whose values the {@code config:*} commands never print: those whose last segment contains
 * {@code password}, {@code secret}, {@code token} or {@code key}, ignoring case ({@code db.password},
 * {@code api_key}, {@code apiKey}, {@code auth.TOKEN}). A wide net on purpose: masking a harmless value
 * ({@code monkey}) costs a look at the file; printing a password into a terminal's scroll-back or a
 * support ticket costs more.
 */
final class SecretKeys {

    /** What a secret value is shown as. */
    static final String MASK = "********";

    private static final List<String> WORDS = List.of("password", "secret", "token", "key");

    private SecretKeys() {
    }

    static boolean isSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(last::contains);
    }

    /** @return the message with every occurrence of the secret input replaced by {@link #MASK} */
    static String redact(String message, String input) {
        return input == null || input.isBlank() ? message : message.replace(input, MASK);
    }
}
