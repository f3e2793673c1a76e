#!/usr/bin/env python3
"""Render a project-local ClickHouse server config from the packaged one.

Usage: render-config.py SRC_DIR OUT_DIR HTTP_PORT TCP_PORT

Reads e.g. /etc/clickhouse-server/config.xml (Debian's 18.16 one), points every
path (data, tmp, user_files, format_schemas, logs) into OUT_DIR, sets the ports,
listens on 127.0.0.1 only, drops interserver/https/secure ports, and writes
OUT_DIR/config.xml plus OUT_DIR/users.xml (a copy of SRC_DIR/users.xml). `incl=`
attributes (substitutions from /etc/metrika.xml, which does not exist) are removed
in both, which only silences "Include not found" lines. Comments are dropped.
Idempotent: same inputs give the same files.
"""
import os
import sys
import xml.etree.ElementTree as ET

src_dir, out_dir, http_port, tcp_port = sys.argv[1:5]
src = os.path.join(src_dir, "config.xml")
out_dir = os.path.abspath(out_dir)
log_dir = os.environ.get("AIOPS_CH_LOG_DIR", os.path.join(out_dir, "logs"))

tree = ET.parse(src)
root = tree.getroot()


def set_text(parent, tag, value):
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = value
    return el


def drop(parent, tag):
    for el in parent.findall(tag):
        parent.remove(el)


set_text(root, "path", os.path.join(out_dir, "data") + "/")
set_text(root, "tmp_path", os.path.join(out_dir, "tmp") + "/")
set_text(root, "user_files_path", os.path.join(out_dir, "user_files") + "/")
set_text(root, "format_schema_path", os.path.join(out_dir, "format_schemas") + "/")
set_text(root, "users_config", os.path.join(out_dir, "users.xml"))
set_text(root, "http_port", str(http_port))
set_text(root, "tcp_port", str(tcp_port))
# Not needed locally and would collide with other instances/services.
for tag in ("interserver_http_port", "interserver_http_host", "https_port",
            "tcp_port_secure", "mysql_port", "postgresql_port", "listen_host"):
    drop(root, tag)
lh = ET.SubElement(root, "listen_host")
lh.text = "127.0.0.1"
# The test clusters in remote_servers point at the native port: keep them consistent.
rs = root.find("remote_servers")
if rs is not None:
    for port in rs.iter("port"):
        if port.text and port.text.strip() == "9000":
            port.text = str(tcp_port)

logger = root.find("logger")
if logger is None:
    logger = ET.SubElement(root, "logger")
set_text(logger, "level", os.environ.get("AIOPS_CH_LOG_LEVEL", "information"))
set_text(logger, "log", os.path.join(log_dir, "clickhouse-server.log"))
set_text(logger, "errorlog", os.path.join(log_dir, "clickhouse-server.err.log"))
set_text(logger, "size", "100M")
set_text(logger, "count", "3")
set_text(logger, "console", "0")

os.makedirs(out_dir, exist_ok=True)
for sub in ("data", "tmp", "user_files", "format_schemas"):
    os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
os.makedirs(log_dir, exist_ok=True)



def strip_incl(r):
    for el in r.iter():
        el.attrib.pop("incl", None)


def write(t, name):
    tmp = os.path.join(out_dir, name + ".tmp")
    t.write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, os.path.join(out_dir, name))


strip_incl(root)
write(tree, "config.xml")
users = ET.parse(os.path.join(src_dir, "users.xml"))
strip_incl(users.getroot())
write(users, "users.xml")
