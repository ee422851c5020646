// SPDX-License-Identifier: MIT
// Demo app scanned by TrustedOSS Scans. minimist 1.2.5 is pinned on purpose: it carries
// CVE-2021-44906 (prototype pollution), so a scan of this app has a finding to show.
'use strict';

const minimist = require('minimist');
const debug = require('debug')('demo-app');
const ms = require('ms');
const { capitalize } = require('lodash');

const args = minimist(process.argv.slice(2), { default: { name: 'world', wait: '1s' } });
debug('arguments: %o', args);
console.log(`Hello, ${capitalize(String(args.name))}! (waited ${ms(ms(String(args.wait)), { long: true })})`);
