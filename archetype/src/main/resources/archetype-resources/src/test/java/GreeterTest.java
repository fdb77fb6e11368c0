package ${package};

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import io.procdaemon.metrics.Metrics;

class GreeterTest {

    @Test
    void unhealthyWithNothingToSay() throws Exception {
        assertTrue(new Greeter(config("hi", 1000), stub(Metrics.class)).health().isHealthy());
        assertFalse(new Greeter(config(" ", 1000), stub(Metrics.class)).health().isHealthy());
    }

    private static Greeter.Config config(String greeting, long interval) {
        return new Greeter.Config() {
            @Override public String greeting() { return greeting; }
            @Override public long interval() { return interval; }
            @Override public Class<? extends Annotation> annotationType() { return Greeter.Config.class; }
        };
    }

    /** A do-nothing implementation of an interface, and of the interfaces its methods return. */
    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getReturnType().isInterface() ? stub(method.getReturnType()) : null));
    }
}
