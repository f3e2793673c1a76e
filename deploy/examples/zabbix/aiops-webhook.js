// AIOps gateway: Zabbix webhook media type script (Zabbix 5.0+; ES5, runs in Zabbix's Duktape engine).
// Posts our Zabbix contract (packages/normalize/README.md, "Zabbix") to POST /api/v1/events/zabbix.
// Every value is a media-type parameter filled by a macro and sent as a JSON string field: nothing is
// spliced into a URL or a command. A non-202 answer throws, so Zabbix retries and shows the error.
var AIOps = {
    // Unresolved macros stay as their own text ("{EVENT.RECOVERY.ID}" in a problem message) or *UNKNOWN*.
    value: function (v) {
        if (typeof v !== 'string') return undefined;
        var s = v.trim();
        if (s === '' || s === '*UNKNOWN*' || /^\{[A-Z0-9_.#$]+\}$/.test(s)) return undefined;
        return s;
    },
    // {EVENT.DATE} "2024.01.15" + {EVENT.TIME} "12:34:56", in the Zabbix server's time zone -> epoch seconds.
    clock: function (date, time) {
        var d = AIOps.value(date), t = AIOps.value(time);
        if (d === undefined || t === undefined) return undefined;
        var dm = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(d), tm = /^(\d{2}):(\d{2}):(\d{2})$/.exec(t);
        if (!dm || !tm) return undefined;
        var ms = new Date(+dm[1], +dm[2] - 1, +dm[3], +tm[1], +tm[2], +tm[3]).getTime();
        return isNaN(ms) ? undefined : Math.floor(ms / 1000);
    },
    tags: function (json) {
        var v = AIOps.value(json);
        if (v === undefined) return undefined;
        try { return JSON.parse(v); } catch (e) { return undefined; }
    },
    build: function (p) {
        var body = {}, keys = ['eventId', 'eventValue', 'status', 'updateStatus', 'severity', 'severityId', 'triggerId', 'triggerName',
            'triggerDescription', 'hostName', 'hostHost', 'hostIp', 'hostGroups', 'itemName', 'itemValue', 'opdata', 'url'];
        for (var i = 0; i < keys.length; i++) {
            var v = AIOps.value(p[keys[i]]);
            if (v !== undefined) body[keys[i]] = v;
        }
        // a recovery carries its own event id
        var recoveryId = AIOps.value(p.recoveryEventId);
        if (body.eventValue === '0' && recoveryId !== undefined) body.eventId = recoveryId;
        var clock = AIOps.clock(p.eventDate, p.eventTime);
        if (clock !== undefined) body.clock = clock;
        var recoveryClock = AIOps.clock(p.recoveryDate, p.recoveryTime);
        if (recoveryClock !== undefined) body.recoveryClock = recoveryClock;
        var tags = AIOps.tags(p.tags);
        if (tags !== undefined) body.tags = tags;
        return body;
    },
    send: function (p, body) {
        var url = AIOps.value(p.url_gateway), token = AIOps.value(p.token);
        if (url === undefined || token === undefined) throw 'AIOps: the url_gateway and token parameters are required';
        var req = new HttpRequest();
        req.addHeader('Content-Type: application/json');
        req.addHeader('Authorization: Bearer ' + token);
        if (typeof p.http_proxy === 'string' && p.http_proxy !== '') req.setProxy(p.http_proxy);
        var resp = req.post(url, JSON.stringify(body));
        var status = req.getStatus();
        if (status !== 202) throw 'AIOps gateway answered ' + status + ': ' + resp;
        return resp;
    }
};

try {
    var params = JSON.parse(value);
    var answer = AIOps.send(params, AIOps.build(params));
    Zabbix.log(4, '[AIOps webhook] accepted: ' + answer);
    return 'OK';
} catch (error) {
    Zabbix.log(3, '[AIOps webhook] failed: ' + error);
    throw 'AIOps webhook failed: ' + error;
}
