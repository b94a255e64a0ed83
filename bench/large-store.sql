-- The 10-million-row PostgreSQL store of bench:pg-large, made in the database: repositories,
-- weekly snapshots and packages with presence intervals shaped like a real EL history store.
-- Run on an empty, migrated elscope store (bench/pg-large.ts does: migrate, then this file).
-- Every value is a function of indexes, so two runs make the same rows.

-- Distributions, releases, repositories and architectures as the real ones ship them: RHEL and
-- CentOS Stream on four architectures, AlmaLinux and Rocky on four for 9 and two for 8, Oracle
-- on two; CentOS Stream has majors only. lo/n: the range of source packages the repository
-- carries (4 binaries each), so BaseOS, AppStream and CRB hold different packages.
create temp table bench_repo as
select (row_number() over (order by d.ord, rl.ord, rp.ord, a.ord))::int as r,
       d.name as distro, rl.name as release, rl.major, rl.minor, rp.name as repo, rp.lo, rp.n, a.name as arch
from (values ('rhel', 1), ('almalinux', 2), ('rocky', 3), ('oracle', 4), ('centos-stream', 5)) d(name, ord)
cross join (values ('8.8', 1, 8, 8), ('8.9', 2, 8, 9), ('8.10', 3, 8, 10), ('8', 4, 8, 10), ('9.2', 5, 9, 2),
                   ('9.3', 6, 9, 3), ('9.4', 7, 9, 4), ('9.5', 8, 9, 5), ('9', 9, 9, 6)) rl(name, ord, major, minor)
cross join (values ('BaseOS', 1, 0, 750), ('AppStream', 2, 750, 4000), ('CRB', 3, 4750, 1000)) rp(name, ord, lo, n)
cross join (values ('x86_64', 1), ('aarch64', 2), ('ppc64le', 3), ('s390x', 4)) a(name, ord)
where (d.name <> 'centos-stream' or rl.name in ('8', '9'))
  and (a.ord <= 2 or d.name in ('rhel', 'centos-stream') or (d.name in ('almalinux', 'rocky') and rl.major = 9));

-- Thirty weekly syncs of every repository, interleaved as a daily `elscope sync` of everything
-- makes them: snapshot id = (week - 1) * repositories + repository.
create temp table bench_week as
select s, to_char(timestamp '2025-06-01' + s * interval '7 days', 'YYYY-MM-DD"T"HH24:MI:SS') as day,
       extract(epoch from timestamp '2025-06-01' + s * interval '7 days')::bigint as unix
from generate_series(1, 30) s;

insert into repositories (id, key, distro, release, repo, arch, created_at)
select r, distro || ':' || release || '/' || repo || '/' || arch, distro, release, repo, arch, '2025-06-08T00:00:00.000Z'
from bench_repo;
select setval(pg_get_serial_sequence('repositories', 'id'), (select max(r) from bench_repo));

insert into snapshots (id, repository_id, source_url, revision, repomd_checksum, etag, last_modified, fetched_at,
                       checked_at, package_count)
select (w.s - 1) * (select count(*) from bench_repo) + br.r, br.r,
       'https://bench.invalid/' || br.distro || '/' || br.release || '/' || br.repo || '/' || br.arch || '/os/',
       (w.unix + br.r)::text, md5(br.r || '-' || w.s) || md5(w.s || '-' || br.r), null, null,
       w.day || '.' || lpad((br.r % 1000)::text, 3, '0') || 'Z', w.day || '.' || lpad((br.r % 1000)::text, 3, '0') || 'Z', 0
from bench_repo br cross join bench_week w;
select setval(pg_get_serial_sequence('snapshots', 'id'), (select max(id) from snapshots));

-- Source package stems, real EL names; source j is stem j % stems, numbered after the first round.
create temp table bench_stem as
select (ord - 1)::int as k, name
from unnest(array['glibc', 'systemd', 'openssl', 'bash', 'coreutils', 'kernel', 'python3.11', 'perl-Net-SSLeay',
  'httpd', 'nginx', 'postgresql', 'mariadb', 'nodejs', 'golang', 'rust', 'java-17-openjdk', 'firefox', 'thunderbird',
  'gnome-shell', 'mesa', 'qemu-kvm', 'libvirt', 'podman', 'buildah', 'skopeo', 'containernetworking-plugins',
  'openssh', 'sudo', 'shadow-utils', 'util-linux', 'e2fsprogs', 'xfsprogs', 'lvm2', 'device-mapper-multipath',
  'NetworkManager', 'firewalld', 'chrony', 'rsyslog', 'audit', 'selinux-policy', 'policycoreutils', 'dnf', 'rpm',
  'libsolv', 'createrepo_c', 'curl', 'wget', 'git', 'vim', 'emacs', 'gcc', 'binutils', 'make', 'cmake', 'autoconf',
  'automake', 'libtool', 'zlib', 'xz', 'zstd', 'bzip2', 'tar', 'gzip', 'cpio', 'sqlite', 'libxml2', 'libxslt', 'expat',
  'pcre2', 'ncurses', 'readline', 'gnutls', 'nss', 'krb5', 'cyrus-sasl', 'openldap', 'sssd', 'samba', 'nfs-utils',
  'cups', 'avahi', 'dbus', 'polkit', 'pam', 'grub2', 'shim', 'dracut', 'kmod', 'tuned', 'irqbalance', 'pcp',
  'ruby', 'php', 'perl', 'tcl', 'lua', 'boost', 'qt5-qtbase', 'gtk3', 'glib2', 'cairo', 'pango', 'harfbuzz',
  'freetype', 'fontconfig', 'libpng', 'libjpeg-turbo', 'libtiff', 'ghostscript', 'poppler', 'ImageMagick',
  'squid', 'bind', 'dhcp', 'postfix', 'dovecot', 'haproxy', 'keepalived', 'pacemaker', 'corosync', 'redis',
  'valkey', 'memcached', 'tomcat', 'maven', 'ansible-core', 'cockpit', 'insights-client', 'subscription-manager'])
  with ordinality as t(name, ord);

-- Every binary of every repository and each of its builds: source j has 1 to 6 builds over the
-- thirty weeks (mean 3.5), spread over the weeks; a superseded build stays in the repository
-- 60 % of the time (old builds accumulate in a minor's repositories) and is gone otherwise.
-- The rebuilds copy RHEL's builds with their markers (.alma.1, .rocky.0.1, Oracle's .0.1), drop a
-- few and build later; CentOS Stream builds earlier.
create temp table bench_pkg as
select b.r, b.distro, b.i, b.j, b.k,
       st.name || case when b.j >= ns.n then '-' || (b.j / ns.n)::text else '' end as src,
       case when b.i % 4 = 3 or b.j % 7 = 0 then 'noarch' else b.rarch end as arch,
       case when b.j % 17 = 0 then 1 else 0 end as epoch,
       (1 + b.j % 9) || '.' || ((b.j / 9) % 30 + case when b.j % 3 = 0 then b.minor else 0 end) || '.' || (b.k + b.j % 4) as version,
       (1 + b.j % 30) || '.el' || b.major || case when b.k > 0 then '_' || b.minor || '.' || b.k else '' end as up_release,
       1 + (b.k * 30) / b.nb as first_week,
       case when b.k = b.nb - 1 or (b.j + b.k) % 5 < 3 then 30 else (1 + ((b.k + 1) * 30) / b.nb) - 1 end as last_week,
       case b.distro
         when 'almalinux' then ((b.j % 7) * 24 + (b.j % 13)) * 3600
         when 'rocky' then ((b.j % 11) * 24 + (b.j % 5)) * 3600
         when 'oracle' then ((b.j % 5) * 24 + 3) * 3600
         when 'centos-stream' then -((b.j % 30) + 1) * 86400
         else 0 end as shift
from (
  select br.r, br.distro, br.major, br.minor, br.arch as rarch, i, i / 4 as j, k, 1 + ((i / 4) * 7) % 6 as nb
  from bench_repo br
  cross join lateral generate_series(br.lo * 4, (br.lo + br.n) * 4 - 1) i
  cross join lateral generate_series(0, ((i / 4) * 7) % 6) k
  where not (br.distro = 'almalinux' and (i / 4) % 97 = 0)
    and not (br.distro = 'rocky' and (i / 4) % 61 = 0)
    and not (br.distro = 'oracle' and (i / 4) % 71 = 0)
) b
cross join (select count(*)::int as n from bench_stem) ns
join bench_stem st on st.k = b.j % ns.n;

-- Loading is much faster without the foreign keys, the unique interval constraint and the
-- secondary indexes; they are put back as the migrations defined them (and checked) after.
create temp table bench_ddl as
select 1 as ord, 'alter table packages add constraint ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) as ddl,
       'alter table packages drop constraint ' || quote_ident(conname) as undo
from pg_constraint where conrelid = 'packages'::regclass and contype in ('u', 'f')
union all
select 2, indexdef, 'drop index ' || quote_ident(indexname)
from pg_indexes
where tablename = 'packages' and schemaname = current_schema()
  and indexname not in (select conname from pg_constraint where conrelid = 'packages'::regclass);
do $$ declare d record; begin for d in select undo from bench_ddl order by ord desc loop execute d.undo; end loop; end $$;

insert into packages (repository_id, name, epoch, version, release, arch, checksum_type, checksum, summary, url,
                      packager, license, vendor, rpm_group, buildhost, sourcerpm, location, file_time, build_time,
                      package_size, installed_size, first_seen, last_seen, first_snapshot_id, last_snapshot_id)
select p.r, p.name, p.epoch, p.version, p.release, p.arch, 'sha256',
       md5(p.distro || p.name || p.version || p.release || p.arch) || md5(p.name || p.release || p.distro),
       'The ' || p.name || ' package, built from ' || p.src,
       'https://example.invalid/' || p.src,
       case p.distro when 'rhel' then 'Red Hat, Inc. <http://bugzilla.redhat.com/bugzilla>'
                     when 'almalinux' then 'AlmaLinux Packaging Team <packager@almalinux.org>'
                     when 'rocky' then 'Rocky Linux Build System (Peridot) <releng@rockylinux.org>'
                     when 'oracle' then 'Oracle America <https://github.com/oracle/oracle-linux>'
                     else 'builder@centos.org' end,
       'GPL-2.0-or-later AND LGPL-2.1-or-later',
       case p.distro when 'rhel' then 'Red Hat, Inc.' when 'almalinux' then 'AlmaLinux' when 'rocky' then 'Rocky Enterprise Software Foundation'
                     when 'oracle' then 'Oracle America' else 'CentOS' end,
       'Unspecified', p.distro || '-builder' || (p.j % 9) || '.example.invalid',
       p.src || '-' || p.version || '-' || p.release || '.src.rpm',
       'Packages/' || lower(substr(p.name, 1, 1)) || '/' || p.name || '-' || p.version || '-' || p.release || '.' || p.arch || '.rpm',
       -- Built ten days before the week's sync (then shifted per rebuild), so a build is never seen before it exists.
       wf.unix - 864000 + p.shift, wf.unix - 864000 + p.shift - 3600,
       10000 + (p.i::bigint * 7919) % 900000, 40000 + (p.i::bigint * 104729) % 3000000,
       sf.fetched_at, sl.fetched_at, sf.id, sl.id
from (
  select q.*,
         q.src || case q.i % 4 when 1 then '-libs' when 2 then '-devel' when 3 then '-doc' else '' end as name,
         case q.distro
           when 'almalinux' then case when q.j % 50 = 0 then q.up_release || '.alma.1' else q.up_release end
           when 'rocky' then case when q.j % 45 = 0 then q.up_release || '.rocky.0.1' else q.up_release end
           when 'oracle' then case when q.j % 40 = 0 then regexp_replace(q.up_release, '\.el', '.0.1.el') else q.up_release end
           else q.up_release end as release
  from bench_pkg q
) p
join bench_week wf on wf.s = p.first_week
join snapshots sf on sf.id = (p.first_week - 1) * (select count(*) from bench_repo) + p.r
join snapshots sl on sl.id = (p.last_week - 1) * (select count(*) from bench_repo) + p.r
-- In the order syncs would have written them: week by week, repository by repository.
order by p.first_week, p.r, p.i, p.k;
drop table bench_pkg;

do $$ declare d record; begin for d in select ddl from bench_ddl order by ord loop execute d.ddl; end loop; end $$;

-- Each snapshot's package count: rows whose interval covers it, summed from interval starts and ends.
update snapshots s set package_count = t.cnt
from (
  select s2.id, sum(coalesce(d.n, 0)) over (partition by s2.repository_id order by s2.id) as cnt
  from snapshots s2
  left join (
    select sid, sum(n) as n from (
      select first_snapshot_id as sid, count(*) as n from packages group by 1
      union all
      select last_snapshot_id + (select count(*) from bench_repo), -count(*) from packages group by 1
    ) e group by sid
  ) d on d.sid = s2.id
) t
where t.id = s.id;
