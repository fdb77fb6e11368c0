package io.procdaemon.benchmarks;

import org.tomlj.Toml;
import org.tomlj.TomlVersion;

import io.procdaemon.config.toml.TomlTranslator;

/**
 * One first parse in this fresh JVM, timed with nothing else before it but reading the file:
 * {@code translate} (the daemon's translation, Jackson's parser) or {@code tomlj} (tomlj 2.2.0's
 * parse alone, the parser before issue 9). Prints the milliseconds. Run it once per JVM:
 * <pre>
 * for i in 1 2 3 4 5 6 7 8 9 10; do for p in translate tomlj; do
 *   java -cp benchmarks/target/benchmarks.jar io.procdaemon.benchmarks.FirstParse $p; done; done
 * </pre>
 */
public final class FirstParse {

    private FirstParse() {
    }

    public static void main(String[] args) {
        String text = TomlFiles.shippedDaemonToml();
        boolean tomlj = args.length > 0 && args[0].equals("tomlj");
        long start = System.nanoTime();
        boolean ok = tomlj ? !Toml.parse(text, TomlVersion.V1_0_0).hasErrors()
                : TomlTranslator.translate("etc/daemon.toml", text).ok();
        long micros = (System.nanoTime() - start) / 1_000;
        if (!ok) {
            throw new IllegalStateException("etc/daemon.toml did not parse");
        }
        System.out.printf("%s %.1f ms%n", tomlj ? "tomlj" : "translate", micros / 1000.0);
    }
}
