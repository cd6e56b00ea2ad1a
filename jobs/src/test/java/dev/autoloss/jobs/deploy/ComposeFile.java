package dev.autoloss.jobs.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Compose file as Compose reads it, for tests: parsed by a real YAML parser (anchors, aliases and {@code <<}
 * merge keys resolved, duplicate keys refused), overrides merged the way {@code docker compose -f a -f b} merges
 * mappings. Variables ({@code ${X:-default}}) are not interpolated and {@code $$} stays as written.
 */
record ComposeFile(Path directory, Map<String, Object> root) {

    static ComposeFile load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            Object root = new Yaml(new SafeConstructor(options)).load(reader);
            if (!(root instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            return new ComposeFile(file.toAbsolutePath().getParent(), cast(root));
        }
    }

    /**
     * This file with {@code override} applied on top: mappings merged key by key, anything else replaced (Compose
     * merges a few sequences, such as volumes, entry by entry; the override tested here adds none).
     */
    ComposeFile with(ComposeFile override) {
        return new ComposeFile(directory, merge(root, override.root));
    }

    Map<String, Object> services() {
        return map(root, "services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> services = services();
        if (!services.containsKey(name)) {
            throw new AssertionError("no service '" + name + "' in the compose file; services: " + services.keySet());
        }
        return cast(services.get(name));
    }

    /** The service's environment, written as a mapping or as a list of {@code KEY=VALUE}. */
    Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> result.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String line = String.valueOf(entry);
                int eq = line.indexOf('=');
                result.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
            }
        }
        return result;
    }

    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object entry : list(service(service), "volumes")) {
            mounts.add(Mount.parse(entry));
        }
        return mounts;
    }

    /** Where the service mounts the named volume {@code volume}, if it does. */
    Optional<String> mountTarget(String service, String volume) {
        return mounts(service).stream().filter(m -> m.source().equals(volume)).map(Mount::target).findFirst();
    }

    /** The service's build, as the context folder and the Dockerfile's path, resolved like Compose does. */
    Optional<Build> build(String service) {
        Object build = service(service).get("build");
        if (build == null) {
            return Optional.empty();
        }
        if (build instanceof String context) {
            Path dir = directory.resolve(context).normalize();
            return Optional.of(new Build(dir, dir.resolve("Dockerfile")));
        }
        Map<String, Object> spec = cast(build);
        Path dir = directory.resolve(String.valueOf(spec.getOrDefault("context", "."))).normalize();
        return Optional.of(new Build(dir, dir.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile")))));
    }

    /** A service's {@code command} as one string (a list is joined with spaces). */
    String command(String service) {
        Object command = service(service).get("command");
        return command instanceof List<?> parts ? String.join(" ", parts.stream().map(String::valueOf).toList())
                : command == null ? "" : String.valueOf(command);
    }

    record Build(Path context, Path dockerfile) {}

    /** One entry of a service's {@code volumes}: short syntax {@code SOURCE:TARGET[:MODE]} or the long mapping. */
    record Mount(String source, String target) {
        static Mount parse(Object entry) {
            if (entry instanceof Map<?, ?> map) {
                return new Mount(String.valueOf(map.get("source")), String.valueOf(map.get("target")));
            }
            String text = String.valueOf(entry);
            int from = 0;
            if (text.startsWith("${")) { // a variable with a default may hold colons itself: ${DIR:-./data}:/data
                from = text.indexOf('}') + 1;
            }
            int colon = text.indexOf(':', from);
            if (colon < 0) {
                return new Mount("", text); // an anonymous volume
            }
            String[] rest = text.substring(colon + 1).split(":");
            return new Mount(text.substring(0, colon), rest[0]);
        }
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : cast(value);
    }

    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new AssertionError("'" + key + "' should be a list, is " + value);
        }
        return new ArrayList<>(list);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> merged.merge(key, value, (old, replacement) ->
                old instanceof Map<?, ?> && replacement instanceof Map<?, ?> ? merge(cast(old), cast(replacement)) : replacement));
        return merged;
    }
}
