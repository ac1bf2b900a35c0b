#!/usr/bin/env python3
"""Hottest frames in `jfr print --events jdk.ExecutionSample` output: self samples by method and by package, and
inclusive samples for a few well-known layers (Kafka client, Jackson, JDBC, Spring Kafka, logging, Tomcat)."""
import collections, re, sys

LAYERS = [("kafka-clients", "org.apache.kafka."), ("jackson", "tools.jackson."), ("jackson", "com.fasterxml.jackson."),
          ("postgres-jdbc", "org.postgresql."), ("hikari", "com.zaxxer."), ("spring-kafka", "org.springframework.kafka."),
          ("spring-jdbc", "org.springframework.jdbc."), ("logging", "ch.qos.logback."), ("tomcat", "org.apache.tomcat."),
          ("tomcat", "org.apache.coyote."), ("micrometer", "io.micrometer."), ("courier", "dev.courier.")]

for path in sys.argv[1:]:
    text = open(path).read()
    samples = text.split("jdk.ExecutionSample")
    self_methods, self_pkgs, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for sample in samples[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", sample.split("stackTrace = [", 1)[-1], re.M)
        if not frames:
            continue
        total += 1
        top = frames[0]
        self_methods[top] += 1
        self_pkgs[".".join(top.split(".")[:3])] += 1
        seen = set()
        for f in frames:
            for layer, prefix in LAYERS:
                if f.startswith(prefix) and layer not in seen:
                    seen.add(layer); inclusive[layer] += 1
    print(f"== {path.split('/')[-1]}: {total} samples")
    print("  inclusive by layer: " + ", ".join(f"{k} {100*v/max(total,1):.0f}%" for k, v in inclusive.most_common()))
    print("  self by package:    " + ", ".join(f"{k} {100*v/max(total,1):.0f}%" for k, v in self_pkgs.most_common(8)))
    for m, c in self_methods.most_common(12):
        print(f"    {100*c/max(total,1):5.1f}%  {m}")
