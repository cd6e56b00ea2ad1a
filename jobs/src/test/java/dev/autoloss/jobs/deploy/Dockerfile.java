package dev.autoloss.jobs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile, for tests: continuation lines joined, comments dropped, and {@code ${ARG}} in
 * {@code FROM} resolved from the defaults of the {@code ARG}s before it. Enough to check what an image is built from
 * without a Docker engine; not a full parser (no heredocs, no escape directive).
 */
record Dockerfile(Path file, List<Instruction> instructions) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    record Instruction(String keyword, String arguments) {
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    static Dockerfile read(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            }
        }
        return new Dockerfile(file, instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The image each {@code FROM} names, with {@code ${ARG}} replaced by the default of an {@code ARG} declared before it. */
    List<String> baseImages() {
        Map<String, String> args = new HashMap<>();
        List<String> images = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ARG")) {
                String[] nameValue = instruction.arguments().split("=", 2);
                if (nameValue.length == 2) {
                    args.put(nameValue[0].strip(), nameValue[1].strip());
                }
            } else if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words().stream().filter(w -> !w.startsWith("--")).toList();
                Matcher m = VARIABLE.matcher(words.get(0));
                images.add(m.replaceAll(r -> Matcher.quoteReplacement(args.getOrDefault(r.group(1), r.group()))));
            }
        }
        return images;
    }

    /** The names given to build stages ({@code FROM image AS name}). */
    List<String> stageNames() {
        return all("FROM").stream().map(Instruction::words)
                .filter(w -> w.size() >= 3 && w.get(w.size() - 2).equalsIgnoreCase("AS"))
                .map(w -> w.get(w.size() - 1)).toList();
    }

    /** The sources of every {@code COPY} or {@code ADD} from the build context (not {@code --from} another stage or image). */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = instruction.words();
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
            sources.addAll(paths.subList(0, paths.size() - 1));
        }
        return sources;
    }
}
