package dev.courier.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A stand-in for a service's fat jar in tests: {@link #writeJar} makes {@code <module>/target/<module>.jar} whose
 * main class is this one. With {@code extract --destination <dir>} (what Spring Boot's tools jar mode gets) it
 * writes the layout those tools write, {@code <dir>/<jar name>} and {@code <dir>/lib/}; with no arguments it is an
 * application that starts and ends at once (a training run's exit on refresh, in short).
 */
public final class FakeBootTools {

    private FakeBootTools() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.println("started " + new java.util.concurrent.ConcurrentSkipListMap<String, String>());
            return;
        }
        if (args.length != 3 || !args[0].equals("extract") || !args[1].equals("--destination")) {
            throw new IllegalArgumentException("expected: extract --destination <dir>");
        }
        Path jar = Path.of(FakeBootTools.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path destination = Path.of(args[2]);
        Files.createDirectories(destination.resolve("lib"));
        Files.copy(jar, destination.resolve(jar.getFileName()));
        Files.writeString(destination.resolve("lib/dependency.jar"), "a library");
    }

    static Path writeJar(Path root, String module) throws IOException {
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeBootTools.class.getName());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            String classFile = FakeBootTools.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(classFile));
            try (InputStream bytes = FakeBootTools.class.getClassLoader().getResourceAsStream(classFile)) {
                bytes.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }
}
