#!/bin/bash
# A throwaway single-node Ceph cluster (one monitor, one memstore OSD) and radosgw on loopback,
# for tests that need a strict SigV4 and STS implementation. Usage: start_radosgw.sh DIR MONPORT RGWPORT ACCESS_KEY SECRET
# Daemons write their PIDs to DIR/run/*.pid; the caller stops them by PID.
set -e
DIR=$1
MONPORT=$2
RGWPORT=$3
rm -rf $DIR; mkdir -p $DIR/{mon,osd0,run,log,rgw}
FSID=$(uuidgen)
cat > $DIR/ceph.conf <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MONPORT
ms bind msgr2 = false
ms bind ipv6 = false
ms bind ipv4 = true
public addr = 127.0.0.1
cluster addr = 127.0.0.1
osd memory target = 536870912
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
admin socket = $DIR/run/\$name.asok
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
keyring = $DIR/keyring
[mon.a]
mon data = $DIR/mon
[osd.0]
osd data = $DIR/osd0
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$RGWPORT
rgw data = $DIR/rgw
rgw sts key = abcdefghijklmnop
rgw s3 auth use sts = true
CONF
C="-c $DIR/ceph.conf"
ceph-authtool --create-keyring $DIR/keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool $DIR/keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
monmaptool --create --addv a [v1:127.0.0.1:$MONPORT] --fsid $FSID $DIR/monmap >/dev/null
ceph-mon $C --mkfs -i a --monmap $DIR/monmap --keyring $DIR/keyring --setuser root --setgroup root
ceph-mon $C -i a --setuser root --setgroup root
UUID=$(uuidgen)
ID=$(ceph $C osd new $UUID)
ceph-osd $C -i $ID --mkfs --osd-uuid $UUID --setuser root --setgroup root 2>>$DIR/log/mkfs.log
# ceph-osd 16 can race its first monitor command against learning the cluster fsid on a
# brand-new monitor ("wrong fsid") and exit; starting it again is enough.
for attempt in 1 2 3; do
  ceph-osd $C -i $ID --setuser root --setgroup root || continue
  for i in $(seq 1 150); do timeout 5 ceph $C osd stat 2>/dev/null | grep -q "1 up" && break 2; sleep 0.2; done
done
timeout 5 ceph $C osd stat | grep -q "1 up"
radosgw $C -n client.rgw --setuser root --setgroup root
# The user focusd tests sign as; "roles=*" lets it create roles for STS AssumeRole.
radosgw-admin $C user create --uid=focusd --display-name=focusd --access-key="$4" --secret="$5" >/dev/null
radosgw-admin $C caps add --uid=focusd --caps="roles=*" >/dev/null
echo started
