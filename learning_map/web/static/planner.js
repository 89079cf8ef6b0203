/* Built from learning_map/web/frontend/src/planner.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __commonJS = (cb, mod) => function __require() {
    try {
      return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
    } catch (e) {
      throw mod = 0, e;
    }
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
    mod
  ));

  // node_modules/rbush/rbush.min.js
  var require_rbush_min = __commonJS({
    "node_modules/rbush/rbush.min.js"(exports, module) {
      !(function(t2, i2) {
        "object" == typeof exports && "undefined" != typeof module ? module.exports = i2() : "function" == typeof define && define.amd ? define(i2) : (t2 = t2 || self).RBush = i2();
      })(exports, function() {
        "use strict";
        function t2(t3, r4, e2, a2, h3) {
          !(function t4(n2, r5, e3, a3, h4) {
            for (; a3 > e3; ) {
              if (a3 - e3 > 600) {
                var o3 = a3 - e3 + 1, s3 = r5 - e3 + 1, l3 = Math.log(o3), f3 = 0.5 * Math.exp(2 * l3 / 3), u4 = 0.5 * Math.sqrt(l3 * f3 * (o3 - f3) / o3) * (s3 - o3 / 2 < 0 ? -1 : 1), m3 = Math.max(e3, Math.floor(r5 - s3 * f3 / o3 + u4)), c3 = Math.min(a3, Math.floor(r5 + (o3 - s3) * f3 / o3 + u4));
                t4(n2, r5, m3, c3, h4);
              }
              var p3 = n2[r5], d3 = e3, x2 = a3;
              for (i2(n2, e3, r5), h4(n2[a3], p3) > 0 && i2(n2, e3, a3); d3 < x2; ) {
                for (i2(n2, d3, x2), d3++, x2--; h4(n2[d3], p3) < 0; ) d3++;
                for (; h4(n2[x2], p3) > 0; ) x2--;
              }
              0 === h4(n2[e3], p3) ? i2(n2, e3, x2) : i2(n2, ++x2, a3), x2 <= r5 && (e3 = x2 + 1), r5 <= x2 && (a3 = x2 - 1);
            }
          })(t3, r4, e2 || 0, a2 || t3.length - 1, h3 || n);
        }
        function i2(t3, i3, n2) {
          var r4 = t3[i3];
          t3[i3] = t3[n2], t3[n2] = r4;
        }
        function n(t3, i3) {
          return t3 < i3 ? -1 : t3 > i3 ? 1 : 0;
        }
        var r3 = function(t3) {
          void 0 === t3 && (t3 = 9), this._maxEntries = Math.max(4, t3), this._minEntries = Math.max(2, Math.ceil(0.4 * this._maxEntries)), this.clear();
        };
        function e(t3, i3, n2) {
          if (!n2) return i3.indexOf(t3);
          for (var r4 = 0; r4 < i3.length; r4++) if (n2(t3, i3[r4])) return r4;
          return -1;
        }
        function a(t3, i3) {
          h2(t3, 0, t3.children.length, i3, t3);
        }
        function h2(t3, i3, n2, r4, e2) {
          e2 || (e2 = p2(null)), e2.minX = 1 / 0, e2.minY = 1 / 0, e2.maxX = -1 / 0, e2.maxY = -1 / 0;
          for (var a2 = i3; a2 < n2; a2++) {
            var h3 = t3.children[a2];
            o2(e2, t3.leaf ? r4(h3) : h3);
          }
          return e2;
        }
        function o2(t3, i3) {
          return t3.minX = Math.min(t3.minX, i3.minX), t3.minY = Math.min(t3.minY, i3.minY), t3.maxX = Math.max(t3.maxX, i3.maxX), t3.maxY = Math.max(t3.maxY, i3.maxY), t3;
        }
        function s2(t3, i3) {
          return t3.minX - i3.minX;
        }
        function l2(t3, i3) {
          return t3.minY - i3.minY;
        }
        function f2(t3) {
          return (t3.maxX - t3.minX) * (t3.maxY - t3.minY);
        }
        function u3(t3) {
          return t3.maxX - t3.minX + (t3.maxY - t3.minY);
        }
        function m2(t3, i3) {
          return t3.minX <= i3.minX && t3.minY <= i3.minY && i3.maxX <= t3.maxX && i3.maxY <= t3.maxY;
        }
        function c2(t3, i3) {
          return i3.minX <= t3.maxX && i3.minY <= t3.maxY && i3.maxX >= t3.minX && i3.maxY >= t3.minY;
        }
        function p2(t3) {
          return { children: t3, height: 1, leaf: true, minX: 1 / 0, minY: 1 / 0, maxX: -1 / 0, maxY: -1 / 0 };
        }
        function d2(i3, n2, r4, e2, a2) {
          for (var h3 = [n2, r4]; h3.length; ) if (!((r4 = h3.pop()) - (n2 = h3.pop()) <= e2)) {
            var o3 = n2 + Math.ceil((r4 - n2) / e2 / 2) * e2;
            t2(i3, o3, n2, r4, a2), h3.push(n2, o3, o3, r4);
          }
        }
        return r3.prototype.all = function() {
          return this._all(this.data, []);
        }, r3.prototype.search = function(t3) {
          var i3 = this.data, n2 = [];
          if (!c2(t3, i3)) return n2;
          for (var r4 = this.toBBox, e2 = []; i3; ) {
            for (var a2 = 0; a2 < i3.children.length; a2++) {
              var h3 = i3.children[a2], o3 = i3.leaf ? r4(h3) : h3;
              c2(t3, o3) && (i3.leaf ? n2.push(h3) : m2(t3, o3) ? this._all(h3, n2) : e2.push(h3));
            }
            i3 = e2.pop();
          }
          return n2;
        }, r3.prototype.collides = function(t3) {
          var i3 = this.data;
          if (!c2(t3, i3)) return false;
          for (var n2 = []; i3; ) {
            for (var r4 = 0; r4 < i3.children.length; r4++) {
              var e2 = i3.children[r4], a2 = i3.leaf ? this.toBBox(e2) : e2;
              if (c2(t3, a2)) {
                if (i3.leaf || m2(t3, a2)) return true;
                n2.push(e2);
              }
            }
            i3 = n2.pop();
          }
          return false;
        }, r3.prototype.load = function(t3) {
          if (!t3 || !t3.length) return this;
          if (t3.length < this._minEntries) {
            for (var i3 = 0; i3 < t3.length; i3++) this.insert(t3[i3]);
            return this;
          }
          var n2 = this._build(t3.slice(), 0, t3.length - 1, 0);
          if (this.data.children.length) if (this.data.height === n2.height) this._splitRoot(this.data, n2);
          else {
            if (this.data.height < n2.height) {
              var r4 = this.data;
              this.data = n2, n2 = r4;
            }
            this._insert(n2, this.data.height - n2.height - 1, true);
          }
          else this.data = n2;
          return this;
        }, r3.prototype.insert = function(t3) {
          return t3 && this._insert(t3, this.data.height - 1), this;
        }, r3.prototype.clear = function() {
          return this.data = p2([]), this;
        }, r3.prototype.remove = function(t3, i3) {
          if (!t3) return this;
          for (var n2, r4, a2, h3 = this.data, o3 = this.toBBox(t3), s3 = [], l3 = []; h3 || s3.length; ) {
            if (h3 || (h3 = s3.pop(), r4 = s3[s3.length - 1], n2 = l3.pop(), a2 = true), h3.leaf) {
              var f3 = e(t3, h3.children, i3);
              if (-1 !== f3) return h3.children.splice(f3, 1), s3.push(h3), this._condense(s3), this;
            }
            a2 || h3.leaf || !m2(h3, o3) ? r4 ? (n2++, h3 = r4.children[n2], a2 = false) : h3 = null : (s3.push(h3), l3.push(n2), n2 = 0, r4 = h3, h3 = h3.children[0]);
          }
          return this;
        }, r3.prototype.toBBox = function(t3) {
          return t3;
        }, r3.prototype.compareMinX = function(t3, i3) {
          return t3.minX - i3.minX;
        }, r3.prototype.compareMinY = function(t3, i3) {
          return t3.minY - i3.minY;
        }, r3.prototype.toJSON = function() {
          return this.data;
        }, r3.prototype.fromJSON = function(t3) {
          return this.data = t3, this;
        }, r3.prototype._all = function(t3, i3) {
          for (var n2 = []; t3; ) t3.leaf ? i3.push.apply(i3, t3.children) : n2.push.apply(n2, t3.children), t3 = n2.pop();
          return i3;
        }, r3.prototype._build = function(t3, i3, n2, r4) {
          var e2, h3 = n2 - i3 + 1, o3 = this._maxEntries;
          if (h3 <= o3) return a(e2 = p2(t3.slice(i3, n2 + 1)), this.toBBox), e2;
          r4 || (r4 = Math.ceil(Math.log(h3) / Math.log(o3)), o3 = Math.ceil(h3 / Math.pow(o3, r4 - 1))), (e2 = p2([])).leaf = false, e2.height = r4;
          var s3 = Math.ceil(h3 / o3), l3 = s3 * Math.ceil(Math.sqrt(o3));
          d2(t3, i3, n2, l3, this.compareMinX);
          for (var f3 = i3; f3 <= n2; f3 += l3) {
            var u4 = Math.min(f3 + l3 - 1, n2);
            d2(t3, f3, u4, s3, this.compareMinY);
            for (var m3 = f3; m3 <= u4; m3 += s3) {
              var c3 = Math.min(m3 + s3 - 1, u4);
              e2.children.push(this._build(t3, m3, c3, r4 - 1));
            }
          }
          return a(e2, this.toBBox), e2;
        }, r3.prototype._chooseSubtree = function(t3, i3, n2, r4) {
          for (; r4.push(i3), !i3.leaf && r4.length - 1 !== n2; ) {
            for (var e2 = 1 / 0, a2 = 1 / 0, h3 = void 0, o3 = 0; o3 < i3.children.length; o3++) {
              var s3 = i3.children[o3], l3 = f2(s3), u4 = (m3 = t3, c3 = s3, (Math.max(c3.maxX, m3.maxX) - Math.min(c3.minX, m3.minX)) * (Math.max(c3.maxY, m3.maxY) - Math.min(c3.minY, m3.minY)) - l3);
              u4 < a2 ? (a2 = u4, e2 = l3 < e2 ? l3 : e2, h3 = s3) : u4 === a2 && l3 < e2 && (e2 = l3, h3 = s3);
            }
            i3 = h3 || i3.children[0];
          }
          var m3, c3;
          return i3;
        }, r3.prototype._insert = function(t3, i3, n2) {
          var r4 = n2 ? t3 : this.toBBox(t3), e2 = [], a2 = this._chooseSubtree(r4, this.data, i3, e2);
          for (a2.children.push(t3), o2(a2, r4); i3 >= 0 && e2[i3].children.length > this._maxEntries; ) this._split(e2, i3), i3--;
          this._adjustParentBBoxes(r4, e2, i3);
        }, r3.prototype._split = function(t3, i3) {
          var n2 = t3[i3], r4 = n2.children.length, e2 = this._minEntries;
          this._chooseSplitAxis(n2, e2, r4);
          var h3 = this._chooseSplitIndex(n2, e2, r4), o3 = p2(n2.children.splice(h3, n2.children.length - h3));
          o3.height = n2.height, o3.leaf = n2.leaf, a(n2, this.toBBox), a(o3, this.toBBox), i3 ? t3[i3 - 1].children.push(o3) : this._splitRoot(n2, o3);
        }, r3.prototype._splitRoot = function(t3, i3) {
          this.data = p2([t3, i3]), this.data.height = t3.height + 1, this.data.leaf = false, a(this.data, this.toBBox);
        }, r3.prototype._chooseSplitIndex = function(t3, i3, n2) {
          for (var r4, e2, a2, o3, s3, l3, u4, m3 = 1 / 0, c3 = 1 / 0, p3 = i3; p3 <= n2 - i3; p3++) {
            var d3 = h2(t3, 0, p3, this.toBBox), x2 = h2(t3, p3, n2, this.toBBox), v2 = (e2 = d3, a2 = x2, o3 = void 0, s3 = void 0, l3 = void 0, u4 = void 0, o3 = Math.max(e2.minX, a2.minX), s3 = Math.max(e2.minY, a2.minY), l3 = Math.min(e2.maxX, a2.maxX), u4 = Math.min(e2.maxY, a2.maxY), Math.max(0, l3 - o3) * Math.max(0, u4 - s3)), M2 = f2(d3) + f2(x2);
            v2 < m3 ? (m3 = v2, r4 = p3, c3 = M2 < c3 ? M2 : c3) : v2 === m3 && M2 < c3 && (c3 = M2, r4 = p3);
          }
          return r4 || n2 - i3;
        }, r3.prototype._chooseSplitAxis = function(t3, i3, n2) {
          var r4 = t3.leaf ? this.compareMinX : s2, e2 = t3.leaf ? this.compareMinY : l2;
          this._allDistMargin(t3, i3, n2, r4) < this._allDistMargin(t3, i3, n2, e2) && t3.children.sort(r4);
        }, r3.prototype._allDistMargin = function(t3, i3, n2, r4) {
          t3.children.sort(r4);
          for (var e2 = this.toBBox, a2 = h2(t3, 0, i3, e2), s3 = h2(t3, n2 - i3, n2, e2), l3 = u3(a2) + u3(s3), f3 = i3; f3 < n2 - i3; f3++) {
            var m3 = t3.children[f3];
            o2(a2, t3.leaf ? e2(m3) : m3), l3 += u3(a2);
          }
          for (var c3 = n2 - i3 - 1; c3 >= i3; c3--) {
            var p3 = t3.children[c3];
            o2(s3, t3.leaf ? e2(p3) : p3), l3 += u3(s3);
          }
          return l3;
        }, r3.prototype._adjustParentBBoxes = function(t3, i3, n2) {
          for (var r4 = n2; r4 >= 0; r4--) o2(i3[r4], t3);
        }, r3.prototype._condense = function(t3) {
          for (var i3 = t3.length - 1, n2 = void 0; i3 >= 0; i3--) 0 === t3[i3].children.length ? i3 > 0 ? (n2 = t3[i3 - 1].children).splice(n2.indexOf(t3[i3]), 1) : this.clear() : a(t3[i3], this.toBBox);
        }, r3;
      });
    }
  });

  // learning_map/web/frontend/src/api.js
  var Superseded = class extends Error {
    constructor(key) {
      super(`${key}: superseded by a newer request`);
      this.name = "Superseded";
    }
  };
  var ApiError = class extends Error {
    constructor(status2, body) {
      const error = body && body.error;
      const text = error ? (error.parameter ? `${error.parameter}: ` : "") + error.message : `HTTP ${status2}`;
      super(text);
      this.name = "ApiError";
      this.status = status2;
    }
  };
  function isSuperseded(err2) {
    return err2 instanceof Superseded || err2 != null && err2.name === "AbortError";
  }
  function queryString(query2) {
    const q2 = new URLSearchParams();
    for (const [key, value] of Object.entries(query2 || {})) {
      if (value != null) q2.set(key, String(value));
    }
    const text = q2.toString();
    return text ? "?" + text : "";
  }
  function createApi(fetchImpl = (...args) => window.fetch(...args), base = "") {
    const latest = /* @__PURE__ */ new Map();
    function cancel(key) {
      const controller = latest.get(key);
      if (controller) {
        latest.delete(key);
        controller.abort();
      }
    }
    async function get(path, query2, key = path) {
      cancel(key);
      const controller = new AbortController();
      latest.set(key, controller);
      try {
        const response = await fetchImpl(base + path + queryString(query2), {
          signal: controller.signal,
          headers: { Accept: "application/json" }
        });
        let body = null;
        try {
          body = await response.json();
        } catch (err2) {
          if (isSuperseded(err2)) throw err2;
          body = null;
        }
        if (latest.get(key) !== controller) throw new Superseded(key);
        if (!response.ok || body == null) throw new ApiError(response.status, body);
        return body;
      } catch (err2) {
        if (latest.get(key) !== controller) throw new Superseded(key);
        throw err2;
      } finally {
        if (latest.get(key) === controller) latest.delete(key);
      }
    }
    async function post(path, data) {
      const response = await fetchImpl(base + path, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(data)
      });
      const body = await response.json().catch(() => null);
      if (!response.ok || body == null) throw new ApiError(response.status, body);
      return body;
    }
    return { get, post, cancel };
  }

  // learning_map/web/frontend/src/dom.js
  function el(tag2, text, className) {
    const node = document.createElement(tag2);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from the page`);
    return node;
  }
  function safeHref(text) {
    if (typeof text !== "string" || !/^https?:\/\//i.test(text.trim())) return null;
    let url;
    try {
      url = new URL(text.trim());
    } catch {
      return null;
    }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }
  function linkOrText(text, url = text) {
    const href = safeHref(url);
    if (!href) return document.createTextNode(String(text));
    const a = el("a", text);
    a.setAttribute("href", href);
    a.setAttribute("rel", "noopener noreferrer");
    a.setAttribute("target", "_blank");
    return a;
  }
  function htmlFromText(text) {
    const holder = el("span", text);
    return holder.innerHTML;
  }

  // node_modules/pmtiles/dist/index.js
  var __pow = Math.pow;
  var __async = (__this, __arguments, generator) => {
    return new Promise((resolve, reject) => {
      var fulfilled = (value) => {
        try {
          step(generator.next(value));
        } catch (e) {
          reject(e);
        }
      };
      var rejected = (value) => {
        try {
          step(generator.throw(value));
        } catch (e) {
          reject(e);
        }
      };
      var step = (x2) => x2.done ? resolve(x2.value) : Promise.resolve(x2.value).then(fulfilled, rejected);
      step((generator = generator.apply(__this, __arguments)).next());
    });
  };
  var u8 = Uint8Array;
  var u16 = Uint16Array;
  var i32 = Int32Array;
  var fleb = new u8([
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    1,
    1,
    1,
    2,
    2,
    2,
    2,
    3,
    3,
    3,
    3,
    4,
    4,
    4,
    4,
    5,
    5,
    5,
    5,
    0,
    /* unused */
    0,
    0,
    /* impossible */
    0
  ]);
  var fdeb = new u8([
    0,
    0,
    0,
    0,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    9,
    9,
    10,
    10,
    11,
    11,
    12,
    12,
    13,
    13,
    /* unused */
    0,
    0
  ]);
  var clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
  var freb = function(eb, start) {
    var b2 = new u16(31);
    for (var i2 = 0; i2 < 31; ++i2) {
      b2[i2] = start += 1 << eb[i2 - 1];
    }
    var r3 = new i32(b2[30]);
    for (var i2 = 1; i2 < 30; ++i2) {
      for (var j2 = b2[i2]; j2 < b2[i2 + 1]; ++j2) {
        r3[j2] = j2 - b2[i2] << 5 | i2;
      }
    }
    return { b: b2, r: r3 };
  };
  var _a = freb(fleb, 2);
  var fl = _a.b;
  var revfl = _a.r;
  fl[28] = 258, revfl[258] = 28;
  var _b = freb(fdeb, 0);
  var fd = _b.b;
  var revfd = _b.r;
  var rev = new u16(32768);
  for (i = 0; i < 32768; ++i) {
    x = (i & 43690) >> 1 | (i & 21845) << 1;
    x = (x & 52428) >> 2 | (x & 13107) << 2;
    x = (x & 61680) >> 4 | (x & 3855) << 4;
    rev[i] = ((x & 65280) >> 8 | (x & 255) << 8) >> 1;
  }
  var x;
  var i;
  var hMap = function(cd, mb, r3) {
    var s2 = cd.length;
    var i2 = 0;
    var l2 = new u16(mb);
    for (; i2 < s2; ++i2) {
      if (cd[i2])
        ++l2[cd[i2] - 1];
    }
    var le2 = new u16(mb);
    for (i2 = 1; i2 < mb; ++i2) {
      le2[i2] = le2[i2 - 1] + l2[i2 - 1] << 1;
    }
    var co;
    if (r3) {
      co = new u16(1 << mb);
      var rvb = 15 - mb;
      for (i2 = 0; i2 < s2; ++i2) {
        if (cd[i2]) {
          var sv = i2 << 4 | cd[i2];
          var r_1 = mb - cd[i2];
          var v2 = le2[cd[i2] - 1]++ << r_1;
          for (var m2 = v2 | (1 << r_1) - 1; v2 <= m2; ++v2) {
            co[rev[v2] >> rvb] = sv;
          }
        }
      }
    } else {
      co = new u16(s2);
      for (i2 = 0; i2 < s2; ++i2) {
        if (cd[i2]) {
          co[i2] = rev[le2[cd[i2] - 1]++] >> 15 - cd[i2];
        }
      }
    }
    return co;
  };
  var flt = new u8(288);
  for (i = 0; i < 144; ++i)
    flt[i] = 8;
  var i;
  for (i = 144; i < 256; ++i)
    flt[i] = 9;
  var i;
  for (i = 256; i < 280; ++i)
    flt[i] = 7;
  var i;
  for (i = 280; i < 288; ++i)
    flt[i] = 8;
  var i;
  var fdt = new u8(32);
  for (i = 0; i < 32; ++i)
    fdt[i] = 5;
  var i;
  var flrm = /* @__PURE__ */ hMap(flt, 9, 1);
  var fdrm = /* @__PURE__ */ hMap(fdt, 5, 1);
  var max = function(a) {
    var m2 = a[0];
    for (var i2 = 1; i2 < a.length; ++i2) {
      if (a[i2] > m2)
        m2 = a[i2];
    }
    return m2;
  };
  var bits = function(d2, p2, m2) {
    var o2 = p2 / 8 | 0;
    return (d2[o2] | d2[o2 + 1] << 8) >> (p2 & 7) & m2;
  };
  var bits16 = function(d2, p2) {
    var o2 = p2 / 8 | 0;
    return (d2[o2] | d2[o2 + 1] << 8 | d2[o2 + 2] << 16) >> (p2 & 7);
  };
  var shft = function(p2) {
    return (p2 + 7) / 8 | 0;
  };
  var slc = function(v2, s2, e) {
    if (s2 == null || s2 < 0)
      s2 = 0;
    if (e == null || e > v2.length)
      e = v2.length;
    var n = new u8(e - s2);
    n.set(v2.subarray(s2, e));
    return n;
  };
  var ec = [
    "unexpected EOF",
    "invalid block type",
    "invalid length/literal",
    "invalid distance",
    "stream finished",
    "no stream handler",
    ,
    "no callback",
    "invalid UTF-8 data",
    "extra field too long",
    "date not in range 1980-2099",
    "filename too long",
    "stream finishing",
    "invalid zip data"
    // determined by unknown compression method
  ];
  var err = function(ind, msg, nt) {
    var e = new Error(msg || ec[ind]);
    e.code = ind;
    if (Error.captureStackTrace)
      Error.captureStackTrace(e, err);
    if (!nt)
      throw e;
    return e;
  };
  var inflt = function(dat, st, buf, dict) {
    var sl = dat.length, dl = dict ? dict.length : 0;
    if (!sl || st.f && !st.l)
      return buf || new u8(0);
    var noBuf = !buf || st.i != 2;
    var noSt = st.i;
    if (!buf)
      buf = new u8(sl * 3);
    var cbuf = function(l22) {
      var bl = buf.length;
      if (l22 > bl) {
        var nbuf = new u8(Math.max(bl * 2, l22));
        nbuf.set(buf);
        buf = nbuf;
      }
    };
    var final = st.f || 0, pos = st.p || 0, bt2 = st.b || 0, lm = st.l, dm = st.d, lbt = st.m, dbt = st.n;
    var tbts = sl * 8;
    do {
      if (!lm) {
        final = bits(dat, pos, 1);
        var type = bits(dat, pos + 1, 3);
        pos += 3;
        if (!type) {
          var s2 = shft(pos) + 4, l2 = dat[s2 - 4] | dat[s2 - 3] << 8, t2 = s2 + l2;
          if (t2 > sl) {
            if (noSt)
              err(0);
            break;
          }
          if (noBuf)
            cbuf(bt2 + l2);
          buf.set(dat.subarray(s2, t2), bt2);
          st.b = bt2 += l2, st.p = pos = t2 * 8, st.f = final;
          continue;
        } else if (type == 1)
          lm = flrm, dm = fdrm, lbt = 9, dbt = 5;
        else if (type == 2) {
          var hLit = bits(dat, pos, 31) + 257, hcLen = bits(dat, pos + 10, 15) + 4;
          var tl = hLit + bits(dat, pos + 5, 31) + 1;
          pos += 14;
          var ldt = new u8(tl);
          var clt = new u8(19);
          for (var i2 = 0; i2 < hcLen; ++i2) {
            clt[clim[i2]] = bits(dat, pos + i2 * 3, 7);
          }
          pos += hcLen * 3;
          var clb = max(clt), clbmsk = (1 << clb) - 1;
          var clm = hMap(clt, clb, 1);
          for (var i2 = 0; i2 < tl; ) {
            var r3 = clm[bits(dat, pos, clbmsk)];
            pos += r3 & 15;
            var s2 = r3 >> 4;
            if (s2 < 16) {
              ldt[i2++] = s2;
            } else {
              var c2 = 0, n = 0;
              if (s2 == 16)
                n = 3 + bits(dat, pos, 3), pos += 2, c2 = ldt[i2 - 1];
              else if (s2 == 17)
                n = 3 + bits(dat, pos, 7), pos += 3;
              else if (s2 == 18)
                n = 11 + bits(dat, pos, 127), pos += 7;
              while (n--)
                ldt[i2++] = c2;
            }
          }
          var lt2 = ldt.subarray(0, hLit), dt2 = ldt.subarray(hLit);
          lbt = max(lt2);
          dbt = max(dt2);
          lm = hMap(lt2, lbt, 1);
          dm = hMap(dt2, dbt, 1);
        } else
          err(1);
        if (pos > tbts) {
          if (noSt)
            err(0);
          break;
        }
      }
      if (noBuf)
        cbuf(bt2 + 131072);
      var lms = (1 << lbt) - 1, dms = (1 << dbt) - 1;
      var lpos = pos;
      for (; ; lpos = pos) {
        var c2 = lm[bits16(dat, pos) & lms], sym = c2 >> 4;
        pos += c2 & 15;
        if (pos > tbts) {
          if (noSt)
            err(0);
          break;
        }
        if (!c2)
          err(2);
        if (sym < 256)
          buf[bt2++] = sym;
        else if (sym == 256) {
          lpos = pos, lm = null;
          break;
        } else {
          var add = sym - 254;
          if (sym > 264) {
            var i2 = sym - 257, b2 = fleb[i2];
            add = bits(dat, pos, (1 << b2) - 1) + fl[i2];
            pos += b2;
          }
          var d2 = dm[bits16(dat, pos) & dms], dsym = d2 >> 4;
          if (!d2)
            err(3);
          pos += d2 & 15;
          var dt2 = fd[dsym];
          if (dsym > 3) {
            var b2 = fdeb[dsym];
            dt2 += bits16(dat, pos) & (1 << b2) - 1, pos += b2;
          }
          if (pos > tbts) {
            if (noSt)
              err(0);
            break;
          }
          if (noBuf)
            cbuf(bt2 + 131072);
          var end = bt2 + add;
          if (bt2 < dt2) {
            var shift2 = dl - dt2, dend = Math.min(dt2, end);
            if (shift2 + bt2 < 0)
              err(3);
            for (; bt2 < dend; ++bt2)
              buf[bt2] = dict[shift2 + bt2];
          }
          for (; bt2 < end; bt2 += 4) {
            buf[bt2] = buf[bt2 - dt2];
            buf[bt2 + 1] = buf[bt2 + 1 - dt2];
            buf[bt2 + 2] = buf[bt2 + 2 - dt2];
            buf[bt2 + 3] = buf[bt2 + 3 - dt2];
          }
          bt2 = end;
        }
      }
      st.l = lm, st.p = lpos, st.b = bt2, st.f = final;
      if (lm)
        final = 1, st.m = lbt, st.d = dm, st.n = dbt;
    } while (!final);
    return bt2 == buf.length ? buf : slc(buf, 0, bt2);
  };
  var et = /* @__PURE__ */ new u8(0);
  var gzs = function(d2) {
    if (d2[0] != 31 || d2[1] != 139 || d2[2] != 8)
      err(6, "invalid gzip data");
    var flg = d2[3];
    var st = 10;
    if (flg & 4)
      st += (d2[10] | d2[11] << 8) + 2;
    for (var zs = (flg >> 3 & 1) + (flg >> 4 & 1); zs > 0; zs -= !d2[st++])
      ;
    return st + (flg & 2);
  };
  var gzl = function(d2) {
    var l2 = d2.length;
    return (d2[l2 - 4] | d2[l2 - 3] << 8 | d2[l2 - 2] << 16 | d2[l2 - 1] << 24) >>> 0;
  };
  var zls = function(d2, dict) {
    if ((d2[0] & 15) != 8 || d2[0] >> 4 > 7 || (d2[0] << 8 | d2[1]) % 31)
      err(6, "invalid zlib data");
    if ((d2[1] >> 5 & 1) == +!dict)
      err(6, "invalid zlib data: " + (d2[1] & 32 ? "need" : "unexpected") + " dictionary");
    return (d2[1] >> 3 & 4) + 2;
  };
  function inflateSync(data, opts) {
    return inflt(data, { i: 2 }, opts && opts.out, opts && opts.dictionary);
  }
  function gunzipSync(data, opts) {
    var st = gzs(data);
    if (st + 8 > data.length)
      err(6, "invalid gzip data");
    return inflt(data.subarray(st, -8), { i: 2 }, opts && opts.out || new u8(gzl(data)), opts && opts.dictionary);
  }
  function unzlibSync(data, opts) {
    return inflt(data.subarray(zls(data, opts && opts.dictionary), -4), { i: 2 }, opts && opts.out, opts && opts.dictionary);
  }
  function decompressSync(data, opts) {
    return data[0] == 31 && data[1] == 139 && data[2] == 8 ? gunzipSync(data, opts) : (data[0] & 15) != 8 || data[0] >> 4 > 7 || (data[0] << 8 | data[1]) % 31 ? inflateSync(data, opts) : unzlibSync(data, opts);
  }
  var td = typeof TextDecoder != "undefined" && /* @__PURE__ */ new TextDecoder();
  var tds = 0;
  try {
    td.decode(et, { stream: true });
    tds = 1;
  } catch (e) {
  }
  var shift = (n, shift2) => {
    return n * __pow(2, shift2);
  };
  var unshift = (n, shift2) => {
    return Math.floor(n / __pow(2, shift2));
  };
  var getUint24 = (view, pos) => {
    return shift(view.getUint16(pos + 1, true), 8) + view.getUint8(pos);
  };
  var getUint48 = (view, pos) => {
    return shift(view.getUint32(pos + 2, true), 16) + view.getUint16(pos, true);
  };
  var compare = (tz, tx, ty, view, i2) => {
    if (tz !== view.getUint8(i2))
      return tz - view.getUint8(i2);
    const x2 = getUint24(view, i2 + 1);
    if (tx !== x2)
      return tx - x2;
    const y2 = getUint24(view, i2 + 4);
    if (ty !== y2)
      return ty - y2;
    return 0;
  };
  var queryLeafdir = (view, z, x2, y2) => {
    const offsetLen = queryView(view, z | 128, x2, y2);
    if (offsetLen) {
      return {
        z,
        x: x2,
        y: y2,
        offset: offsetLen[0],
        length: offsetLen[1],
        isDir: true
      };
    }
    return null;
  };
  var queryTile = (view, z, x2, y2) => {
    const offsetLen = queryView(view, z, x2, y2);
    if (offsetLen) {
      return {
        z,
        x: x2,
        y: y2,
        offset: offsetLen[0],
        length: offsetLen[1],
        isDir: false
      };
    }
    return null;
  };
  var queryView = (view, z, x2, y2) => {
    let m2 = 0;
    let n = view.byteLength / 17 - 1;
    while (m2 <= n) {
      const k2 = n + m2 >> 1;
      const cmp = compare(z, x2, y2, view, k2 * 17);
      if (cmp > 0) {
        m2 = k2 + 1;
      } else if (cmp < 0) {
        n = k2 - 1;
      } else {
        return [getUint48(view, k2 * 17 + 7), view.getUint32(k2 * 17 + 13, true)];
      }
    }
    return null;
  };
  var entrySort = (a, b2) => {
    if (a.isDir && !b2.isDir) {
      return 1;
    }
    if (!a.isDir && b2.isDir) {
      return -1;
    }
    if (a.z !== b2.z) {
      return a.z - b2.z;
    }
    if (a.x !== b2.x) {
      return a.x - b2.x;
    }
    return a.y - b2.y;
  };
  var parseEntry = (dataview, i2) => {
    const zRaw = dataview.getUint8(i2 * 17);
    const z = zRaw & 127;
    return {
      z,
      x: getUint24(dataview, i2 * 17 + 1),
      y: getUint24(dataview, i2 * 17 + 4),
      offset: getUint48(dataview, i2 * 17 + 7),
      length: dataview.getUint32(i2 * 17 + 13, true),
      isDir: zRaw >> 7 === 1
    };
  };
  var sortDir = (a) => {
    const entries = [];
    const view = new DataView(a);
    for (let i2 = 0; i2 < view.byteLength / 17; i2++) {
      entries.push(parseEntry(view, i2));
    }
    return createDirectory(entries);
  };
  var createDirectory = (entries) => {
    entries.sort(entrySort);
    const buffer = new ArrayBuffer(17 * entries.length);
    const arr = new Uint8Array(buffer);
    for (let i2 = 0; i2 < entries.length; i2++) {
      const entry = entries[i2];
      let z = entry.z;
      if (entry.isDir)
        z = z | 128;
      arr[i2 * 17] = z;
      arr[i2 * 17 + 1] = entry.x & 255;
      arr[i2 * 17 + 2] = entry.x >> 8 & 255;
      arr[i2 * 17 + 3] = entry.x >> 16 & 255;
      arr[i2 * 17 + 4] = entry.y & 255;
      arr[i2 * 17 + 5] = entry.y >> 8 & 255;
      arr[i2 * 17 + 6] = entry.y >> 16 & 255;
      arr[i2 * 17 + 7] = entry.offset & 255;
      arr[i2 * 17 + 8] = unshift(entry.offset, 8) & 255;
      arr[i2 * 17 + 9] = unshift(entry.offset, 16) & 255;
      arr[i2 * 17 + 10] = unshift(entry.offset, 24) & 255;
      arr[i2 * 17 + 11] = unshift(entry.offset, 32) & 255;
      arr[i2 * 17 + 12] = unshift(entry.offset, 48) & 255;
      arr[i2 * 17 + 13] = entry.length & 255;
      arr[i2 * 17 + 14] = entry.length >> 8 & 255;
      arr[i2 * 17 + 15] = entry.length >> 16 & 255;
      arr[i2 * 17 + 16] = entry.length >> 24 & 255;
    }
    return buffer;
  };
  var deriveLeaf = (view, tile) => {
    if (view.byteLength < 17)
      return null;
    const numEntries = view.byteLength / 17;
    const entry = parseEntry(view, numEntries - 1);
    if (entry.isDir) {
      const leafLevel = entry.z;
      const levelDiff = tile.z - leafLevel;
      const leafX = Math.trunc(tile.x / (1 << levelDiff));
      const leafY = Math.trunc(tile.y / (1 << levelDiff));
      return { z: leafLevel, x: leafX, y: leafY };
    }
    return null;
  };
  function getHeader(source) {
    return __async(this, null, function* () {
      const resp = yield source.getBytes(0, 512e3);
      const dataview = new DataView(resp.data);
      const jsonSize = dataview.getUint32(4, true);
      const rootEntries = dataview.getUint16(8, true);
      const dec = new TextDecoder("utf-8");
      const jsonMetadata = JSON.parse(
        dec.decode(new DataView(resp.data, 10, jsonSize))
      );
      let tileCompression = 0;
      if (jsonMetadata.compression === "gzip") {
        tileCompression = 2;
      }
      let minzoom = 0;
      if ("minzoom" in jsonMetadata) {
        minzoom = +jsonMetadata.minzoom;
      }
      let maxzoom = 0;
      if ("maxzoom" in jsonMetadata) {
        maxzoom = +jsonMetadata.maxzoom;
      }
      let centerLon = 0;
      let centerLat = 0;
      let centerZoom = 0;
      let minLon = -180;
      let minLat = -85;
      let maxLon = 180;
      let maxLat = 85;
      if (jsonMetadata.bounds) {
        const split = jsonMetadata.bounds.split(",");
        minLon = +split[0];
        minLat = +split[1];
        maxLon = +split[2];
        maxLat = +split[3];
      }
      if (jsonMetadata.center) {
        const split = jsonMetadata.center.split(",");
        centerLon = +split[0];
        centerLat = +split[1];
        centerZoom = +split[2];
      }
      const header = {
        specVersion: dataview.getUint16(2, true),
        rootDirectoryOffset: 10 + jsonSize,
        rootDirectoryLength: rootEntries * 17,
        jsonMetadataOffset: 10,
        jsonMetadataLength: jsonSize,
        leafDirectoryOffset: 0,
        leafDirectoryLength: void 0,
        tileDataOffset: 0,
        tileDataLength: void 0,
        numAddressedTiles: 0,
        numTileEntries: 0,
        numTileContents: 0,
        clustered: false,
        internalCompression: 1,
        tileCompression,
        tileType: 1,
        minZoom: minzoom,
        maxZoom: maxzoom,
        minLon,
        minLat,
        maxLon,
        maxLat,
        centerZoom,
        centerLon,
        centerLat,
        etag: resp.etag
      };
      return header;
    });
  }
  function getZxy(header, source, cache, z, x2, y2, signal) {
    return __async(this, null, function* () {
      let rootDir = yield cache.getArrayBuffer(
        source,
        header.rootDirectoryOffset,
        header.rootDirectoryLength,
        header
      );
      if (header.specVersion === 1) {
        rootDir = sortDir(rootDir);
      }
      const entry = queryTile(new DataView(rootDir), z, x2, y2);
      if (entry) {
        const resp = yield source.getBytes(entry.offset, entry.length, signal);
        let tileData = resp.data;
        const view = new DataView(tileData);
        if (view.getUint8(0) === 31 && view.getUint8(1) === 139) {
          tileData = decompressSync(new Uint8Array(tileData));
        }
        return {
          data: tileData
        };
      }
      const leafcoords = deriveLeaf(new DataView(rootDir), { z, x: x2, y: y2 });
      if (leafcoords) {
        const leafdirEntry = queryLeafdir(
          new DataView(rootDir),
          leafcoords.z,
          leafcoords.x,
          leafcoords.y
        );
        if (leafdirEntry) {
          let leafDir = yield cache.getArrayBuffer(
            source,
            leafdirEntry.offset,
            leafdirEntry.length,
            header
          );
          if (header.specVersion === 1) {
            leafDir = sortDir(leafDir);
          }
          const tileEntry = queryTile(new DataView(leafDir), z, x2, y2);
          if (tileEntry) {
            const resp = yield source.getBytes(
              tileEntry.offset,
              tileEntry.length,
              signal
            );
            let tileData = resp.data;
            const view = new DataView(tileData);
            if (view.getUint8(0) === 31 && view.getUint8(1) === 139) {
              tileData = decompressSync(new Uint8Array(tileData));
            }
            return {
              data: tileData
            };
          }
        }
      }
      return void 0;
    });
  }
  var v2_default = {
    getHeader,
    getZxy
  };
  function toNum(low, high) {
    return (high >>> 0) * 4294967296 + (low >>> 0);
  }
  function readVarintRemainder(l2, p2) {
    const buf = p2.buf;
    let b2 = buf[p2.pos++];
    let h2 = (b2 & 112) >> 4;
    if (b2 < 128)
      return toNum(l2, h2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 3;
    if (b2 < 128)
      return toNum(l2, h2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 10;
    if (b2 < 128)
      return toNum(l2, h2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 17;
    if (b2 < 128)
      return toNum(l2, h2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 24;
    if (b2 < 128)
      return toNum(l2, h2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 1) << 31;
    if (b2 < 128)
      return toNum(l2, h2);
    throw new Error("Expected varint not more than 10 bytes");
  }
  function readVarint(p2) {
    const buf = p2.buf;
    let b2 = buf[p2.pos++];
    let val = b2 & 127;
    if (b2 < 128)
      return val;
    b2 = buf[p2.pos++];
    val |= (b2 & 127) << 7;
    if (b2 < 128)
      return val;
    b2 = buf[p2.pos++];
    val |= (b2 & 127) << 14;
    if (b2 < 128)
      return val;
    b2 = buf[p2.pos++];
    val |= (b2 & 127) << 21;
    if (b2 < 128)
      return val;
    b2 = buf[p2.pos];
    val |= (b2 & 15) << 28;
    return readVarintRemainder(val, p2);
  }
  function rotate(n, xy, rx, ry) {
    if (ry === 0) {
      if (rx === 1) {
        xy[0] = n - 1 - xy[0];
        xy[1] = n - 1 - xy[1];
      }
      const t2 = xy[0];
      xy[0] = xy[1];
      xy[1] = t2;
    }
  }
  var tzValues = [
    0,
    1,
    5,
    21,
    85,
    341,
    1365,
    5461,
    21845,
    87381,
    349525,
    1398101,
    5592405,
    22369621,
    89478485,
    357913941,
    1431655765,
    5726623061,
    22906492245,
    91625968981,
    366503875925,
    1466015503701,
    5864062014805,
    23456248059221,
    93824992236885,
    375299968947541,
    1501199875790165
  ];
  function zxyToTileId(z, x2, y2) {
    if (z > 26) {
      throw Error("Tile zoom level exceeds max safe number limit (26)");
    }
    if (x2 > __pow(2, z) - 1 || y2 > __pow(2, z) - 1) {
      throw Error("tile x/y outside zoom level bounds");
    }
    const acc = tzValues[z];
    const n = __pow(2, z);
    let rx = 0;
    let ry = 0;
    let d2 = 0;
    const xy = [x2, y2];
    let s2 = n / 2;
    while (s2 > 0) {
      rx = (xy[0] & s2) > 0 ? 1 : 0;
      ry = (xy[1] & s2) > 0 ? 1 : 0;
      d2 += s2 * s2 * (3 * rx ^ ry);
      rotate(s2, xy, rx, ry);
      s2 = s2 / 2;
    }
    return acc + d2;
  }
  function defaultDecompress(buf, compression) {
    return __async(this, null, function* () {
      if (compression === 1 || compression === 0) {
        return buf;
      }
      if (compression === 2) {
        if (typeof globalThis.DecompressionStream === "undefined") {
          return decompressSync(new Uint8Array(buf));
        }
        const stream = new Response(buf).body;
        if (!stream) {
          throw Error("Failed to read response stream");
        }
        const result = stream.pipeThrough(
          // biome-ignore lint: needed to detect DecompressionStream in browser+node+cloudflare workers
          new globalThis.DecompressionStream("gzip")
        );
        return new Response(result).arrayBuffer();
      }
      throw Error("Compression method not supported");
    });
  }
  function tileTypeExt(t2) {
    if (t2 === 1)
      return ".mvt";
    if (t2 === 2)
      return ".png";
    if (t2 === 3)
      return ".jpg";
    if (t2 === 4)
      return ".webp";
    if (t2 === 5)
      return ".avif";
    return "";
  }
  var HEADER_SIZE_BYTES = 127;
  function findTile(entries, tileId) {
    let m2 = 0;
    let n = entries.length - 1;
    while (m2 <= n) {
      const k2 = n + m2 >> 1;
      const cmp = tileId - entries[k2].tileId;
      if (cmp > 0) {
        m2 = k2 + 1;
      } else if (cmp < 0) {
        n = k2 - 1;
      } else {
        return entries[k2];
      }
    }
    if (n >= 0) {
      if (entries[n].runLength === 0) {
        return entries[n];
      }
      if (tileId - entries[n].tileId < entries[n].runLength) {
        return entries[n];
      }
    }
    return null;
  }
  var FileSource = class {
    constructor(file) {
      this.file = file;
    }
    getKey() {
      return this.file.name;
    }
    getBytes(offset, length) {
      return __async(this, null, function* () {
        const blob = this.file.slice(offset, offset + length);
        const a = yield blob.arrayBuffer();
        return { data: a };
      });
    }
  };
  var FetchSource = class {
    constructor(url, customHeaders = new Headers()) {
      this.url = url;
      this.customHeaders = customHeaders;
      this.mustReload = false;
      let userAgent = "";
      if ("navigator" in globalThis) {
        userAgent = globalThis.navigator.userAgent || "";
      }
      const isWindows = userAgent.indexOf("Windows") > -1;
      const isChromiumBased = /Chrome|Chromium|Edg|OPR|Brave/.test(userAgent);
      this.chromeWindowsNoCache = false;
      if (isWindows && isChromiumBased) {
        this.chromeWindowsNoCache = true;
      }
    }
    getKey() {
      return this.url;
    }
    /**
     * Mutate the custom [Headers](https://developer.mozilla.org/en-US/docs/Web/API/Headers) set for all requests to the remote archive.
     */
    setHeaders(customHeaders) {
      this.customHeaders = customHeaders;
    }
    getBytes(offset, length, passedSignal, etag) {
      return __async(this, null, function* () {
        let controller;
        let signal;
        if (passedSignal) {
          signal = passedSignal;
        } else {
          controller = new AbortController();
          signal = controller.signal;
        }
        const requestHeaders = new Headers(this.customHeaders);
        requestHeaders.set("range", `bytes=${offset}-${offset + length - 1}`);
        let cache;
        if (this.mustReload) {
          cache = "reload";
        } else if (this.chromeWindowsNoCache) {
          cache = "no-store";
        }
        let resp = yield fetch(this.url, {
          signal,
          cache,
          headers: requestHeaders
          //biome-ignore lint: "cache" is incompatible between cloudflare workers and browser
        });
        if (offset === 0 && resp.status === 416) {
          const contentRange = resp.headers.get("Content-Range");
          if (!contentRange || !contentRange.startsWith("bytes */")) {
            throw Error("Missing content-length on 416 response");
          }
          const actualLength = +contentRange.substr(8);
          resp = yield fetch(this.url, {
            signal,
            cache: "reload",
            headers: { range: `bytes=0-${actualLength - 1}` }
            //biome-ignore lint: "cache" is incompatible between cloudflare workers and browser
          });
        }
        let newEtag = resp.headers.get("Etag");
        if (newEtag == null ? void 0 : newEtag.startsWith("W/")) {
          newEtag = null;
        }
        if (resp.status === 416 || etag && newEtag && newEtag !== etag) {
          this.mustReload = true;
          throw new EtagMismatch(
            `Server returned non-matching ETag ${etag} after one retry. Check browser extensions and servers for issues that may affect correct ETag headers.`
          );
        }
        if (resp.status >= 300) {
          throw Error(`Bad response code: ${resp.status}`);
        }
        const contentLength = resp.headers.get("Content-Length");
        if (resp.status === 200 && (!contentLength || +contentLength > length)) {
          if (controller)
            controller.abort();
          throw Error(
            "Server returned no content-length header or content-length exceeding request. Check that your storage backend supports HTTP Byte Serving."
          );
        }
        const a = yield resp.arrayBuffer();
        return {
          data: a,
          etag: newEtag || void 0,
          cacheControl: resp.headers.get("Cache-Control") || void 0,
          expires: resp.headers.get("Expires") || void 0
        };
      });
    }
  };
  function getUint64(v2, offset) {
    const wh = v2.getUint32(offset + 4, true);
    const wl = v2.getUint32(offset + 0, true);
    return wh * __pow(2, 32) + wl;
  }
  function bytesToHeader(bytes, etag) {
    const v2 = new DataView(bytes);
    const specVersion = v2.getUint8(7);
    if (specVersion > 3) {
      throw Error(
        `Archive is spec version ${specVersion} but this library supports up to spec version 3`
      );
    }
    return {
      specVersion,
      rootDirectoryOffset: getUint64(v2, 8),
      rootDirectoryLength: getUint64(v2, 16),
      jsonMetadataOffset: getUint64(v2, 24),
      jsonMetadataLength: getUint64(v2, 32),
      leafDirectoryOffset: getUint64(v2, 40),
      leafDirectoryLength: getUint64(v2, 48),
      tileDataOffset: getUint64(v2, 56),
      tileDataLength: getUint64(v2, 64),
      numAddressedTiles: getUint64(v2, 72),
      numTileEntries: getUint64(v2, 80),
      numTileContents: getUint64(v2, 88),
      clustered: v2.getUint8(96) === 1,
      internalCompression: v2.getUint8(97),
      tileCompression: v2.getUint8(98),
      tileType: v2.getUint8(99),
      minZoom: v2.getUint8(100),
      maxZoom: v2.getUint8(101),
      minLon: v2.getInt32(102, true) / 1e7,
      minLat: v2.getInt32(106, true) / 1e7,
      maxLon: v2.getInt32(110, true) / 1e7,
      maxLat: v2.getInt32(114, true) / 1e7,
      centerZoom: v2.getUint8(118),
      centerLon: v2.getInt32(119, true) / 1e7,
      centerLat: v2.getInt32(123, true) / 1e7,
      etag
    };
  }
  function deserializeIndex(buffer) {
    const p2 = { buf: new Uint8Array(buffer), pos: 0 };
    const numEntries = readVarint(p2);
    const entries = [];
    let lastId = 0;
    for (let i2 = 0; i2 < numEntries; i2++) {
      const v2 = readVarint(p2);
      entries.push({ tileId: lastId + v2, offset: 0, length: 0, runLength: 1 });
      lastId += v2;
    }
    for (let i2 = 0; i2 < numEntries; i2++) {
      entries[i2].runLength = readVarint(p2);
    }
    for (let i2 = 0; i2 < numEntries; i2++) {
      entries[i2].length = readVarint(p2);
    }
    for (let i2 = 0; i2 < numEntries; i2++) {
      const v2 = readVarint(p2);
      if (v2 === 0 && i2 > 0) {
        entries[i2].offset = entries[i2 - 1].offset + entries[i2 - 1].length;
      } else {
        entries[i2].offset = v2 - 1;
      }
    }
    return entries;
  }
  function detectVersion(a) {
    const v2 = new DataView(a);
    if (v2.getUint16(2, true) === 2) {
      console.warn(
        "PMTiles spec version 2 has been deprecated; please see github.com/protomaps/PMTiles for tools to upgrade"
      );
      return 2;
    }
    if (v2.getUint16(2, true) === 1) {
      console.warn(
        "PMTiles spec version 1 has been deprecated; please see github.com/protomaps/PMTiles for tools to upgrade"
      );
      return 1;
    }
    return 3;
  }
  var EtagMismatch = class extends Error {
  };
  function getHeaderAndRoot(source, decompress) {
    return __async(this, null, function* () {
      const resp = yield source.getBytes(0, 16384);
      const v2 = new DataView(resp.data);
      if (v2.getUint16(0, true) !== 19792) {
        throw new Error("Wrong magic number for PMTiles archive");
      }
      if (detectVersion(resp.data) < 3) {
        return [yield v2_default.getHeader(source)];
      }
      const headerData = resp.data.slice(0, HEADER_SIZE_BYTES);
      const header = bytesToHeader(headerData, resp.etag);
      const rootDirData = resp.data.slice(
        header.rootDirectoryOffset,
        header.rootDirectoryOffset + header.rootDirectoryLength
      );
      const dirKey = `${source.getKey()}|${header.etag || ""}|${header.rootDirectoryOffset}|${header.rootDirectoryLength}`;
      const rootDir = deserializeIndex(
        yield decompress(rootDirData, header.internalCompression)
      );
      return [header, [dirKey, rootDir.length, rootDir]];
    });
  }
  function getDirectory(source, decompress, offset, length, header) {
    return __async(this, null, function* () {
      const resp = yield source.getBytes(offset, length, void 0, header.etag);
      const data = yield decompress(resp.data, header.internalCompression);
      const directory = deserializeIndex(data);
      if (directory.length === 0) {
        throw new Error("Empty directory is invalid");
      }
      return directory;
    });
  }
  var SharedPromiseCache = class {
    constructor(maxCacheEntries = 100, prefetch = true, decompress = defaultDecompress) {
      this.cache = /* @__PURE__ */ new Map();
      this.invalidations = /* @__PURE__ */ new Map();
      this.maxCacheEntries = maxCacheEntries;
      this.counter = 1;
      this.decompress = decompress;
    }
    getHeader(source) {
      return __async(this, null, function* () {
        const cacheKey = source.getKey();
        const cacheValue = this.cache.get(cacheKey);
        if (cacheValue) {
          cacheValue.lastUsed = this.counter++;
          const data = yield cacheValue.data;
          return data;
        }
        const p2 = new Promise((resolve, reject) => {
          getHeaderAndRoot(source, this.decompress).then((res) => {
            if (res[1]) {
              this.cache.set(res[1][0], {
                lastUsed: this.counter++,
                data: Promise.resolve(res[1][2])
              });
            }
            resolve(res[0]);
            this.prune();
          }).catch((e) => {
            reject(e);
          });
        });
        this.cache.set(cacheKey, { lastUsed: this.counter++, data: p2 });
        return p2;
      });
    }
    getDirectory(source, offset, length, header) {
      return __async(this, null, function* () {
        const cacheKey = `${source.getKey()}|${header.etag || ""}|${offset}|${length}`;
        const cacheValue = this.cache.get(cacheKey);
        if (cacheValue) {
          cacheValue.lastUsed = this.counter++;
          const data = yield cacheValue.data;
          return data;
        }
        const p2 = new Promise((resolve, reject) => {
          getDirectory(source, this.decompress, offset, length, header).then((directory) => {
            resolve(directory);
            this.prune();
          }).catch((e) => {
            reject(e);
          });
        });
        this.cache.set(cacheKey, { lastUsed: this.counter++, data: p2 });
        return p2;
      });
    }
    // for v2 backwards compatibility
    getArrayBuffer(source, offset, length, header) {
      return __async(this, null, function* () {
        const cacheKey = `${source.getKey()}|${header.etag || ""}|${offset}|${length}`;
        const cacheValue = this.cache.get(cacheKey);
        if (cacheValue) {
          cacheValue.lastUsed = this.counter++;
          const data = yield cacheValue.data;
          return data;
        }
        const p2 = new Promise((resolve, reject) => {
          source.getBytes(offset, length, void 0, header.etag).then((resp) => {
            resolve(resp.data);
            if (this.cache.has(cacheKey)) {
            }
            this.prune();
          }).catch((e) => {
            reject(e);
          });
        });
        this.cache.set(cacheKey, { lastUsed: this.counter++, data: p2 });
        return p2;
      });
    }
    prune() {
      if (this.cache.size >= this.maxCacheEntries) {
        let minUsed = Infinity;
        let minKey = void 0;
        this.cache.forEach((cacheValue, key) => {
          if (cacheValue.lastUsed < minUsed) {
            minUsed = cacheValue.lastUsed;
            minKey = key;
          }
        });
        if (minKey) {
          this.cache.delete(minKey);
        }
      }
    }
    invalidate(source) {
      return __async(this, null, function* () {
        const key = source.getKey();
        if (this.invalidations.get(key)) {
          return yield this.invalidations.get(key);
        }
        this.cache.delete(source.getKey());
        const p2 = new Promise((resolve, reject) => {
          this.getHeader(source).then((h2) => {
            resolve();
            this.invalidations.delete(key);
          }).catch((e) => {
            reject(e);
          });
        });
        this.invalidations.set(key, p2);
      });
    }
  };
  var PMTiles = class {
    constructor(source, cache, decompress) {
      if (typeof source === "string") {
        this.source = new FetchSource(source);
      } else {
        this.source = source;
      }
      if (decompress) {
        this.decompress = decompress;
      } else {
        this.decompress = defaultDecompress;
      }
      if (cache) {
        this.cache = cache;
      } else {
        this.cache = new SharedPromiseCache();
      }
    }
    /**
     * Return the header of the archive,
     * including information such as tile type, min/max zoom, bounds, and summary statistics.
     */
    getHeader() {
      return __async(this, null, function* () {
        return yield this.cache.getHeader(this.source);
      });
    }
    /** @hidden */
    getZxyAttempt(z, x2, y2, signal) {
      return __async(this, null, function* () {
        const tileId = zxyToTileId(z, x2, y2);
        const header = yield this.cache.getHeader(this.source);
        if (header.specVersion < 3) {
          return v2_default.getZxy(header, this.source, this.cache, z, x2, y2, signal);
        }
        if (z < header.minZoom || z > header.maxZoom) {
          return void 0;
        }
        let dO = header.rootDirectoryOffset;
        let dL = header.rootDirectoryLength;
        for (let depth = 0; depth <= 3; depth++) {
          const directory = yield this.cache.getDirectory(
            this.source,
            dO,
            dL,
            header
          );
          const entry = findTile(directory, tileId);
          if (entry) {
            if (entry.runLength > 0) {
              const resp = yield this.source.getBytes(
                header.tileDataOffset + entry.offset,
                entry.length,
                signal,
                header.etag
              );
              return {
                data: yield this.decompress(resp.data, header.tileCompression),
                cacheControl: resp.cacheControl,
                expires: resp.expires
              };
            }
            dO = header.leafDirectoryOffset + entry.offset;
            dL = entry.length;
          } else {
            return void 0;
          }
        }
        throw Error("Maximum directory depth exceeded");
      });
    }
    /**
     * Primary method to get a single tile's bytes from an archive.
     *
     * Returns undefined if the tile does not exist in the archive.
     */
    getZxy(z, x2, y2, signal) {
      return __async(this, null, function* () {
        try {
          return yield this.getZxyAttempt(z, x2, y2, signal);
        } catch (e) {
          if (e instanceof EtagMismatch) {
            this.cache.invalidate(this.source);
            return yield this.getZxyAttempt(z, x2, y2, signal);
          }
          throw e;
        }
      });
    }
    /** @hidden */
    getMetadataAttempt() {
      return __async(this, null, function* () {
        const header = yield this.cache.getHeader(this.source);
        const resp = yield this.source.getBytes(
          header.jsonMetadataOffset,
          header.jsonMetadataLength,
          void 0,
          header.etag
        );
        const decompressed = yield this.decompress(
          resp.data,
          header.internalCompression
        );
        const dec = new TextDecoder("utf-8");
        return JSON.parse(dec.decode(decompressed));
      });
    }
    /**
     * Return the arbitrary JSON metadata of the archive.
     */
    getMetadata() {
      return __async(this, null, function* () {
        try {
          return yield this.getMetadataAttempt();
        } catch (e) {
          if (e instanceof EtagMismatch) {
            this.cache.invalidate(this.source);
            return yield this.getMetadataAttempt();
          }
          throw e;
        }
      });
    }
    /**
     * Construct a [TileJSON](https://github.com/mapbox/tilejson-spec) object.
     *
     * baseTilesUrl is the desired tiles URL, excluding the suffix `/{z}/{x}/{y}.{ext}`.
     * For example, if the desired URL is `http://example.com/tileset/{z}/{x}/{y}.mvt`,
     * the baseTilesUrl should be `https://example.com/tileset`.
     */
    getTileJson(baseTilesUrl) {
      return __async(this, null, function* () {
        const header = yield this.getHeader();
        const metadata = yield this.getMetadata();
        const ext = tileTypeExt(header.tileType);
        return {
          tilejson: "3.0.0",
          scheme: "xyz",
          tiles: [`${baseTilesUrl}/{z}/{x}/{y}${ext}`],
          // biome-ignore lint: TileJSON spec
          vector_layers: metadata.vector_layers,
          attribution: metadata.attribution,
          description: metadata.description,
          name: metadata.name,
          version: metadata.version,
          bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
          center: [header.centerLon, header.centerLat, header.centerZoom],
          minzoom: header.minZoom,
          maxzoom: header.maxZoom
        };
      });
    }
  };

  // node_modules/@mapbox/point-geometry/index.js
  function Point(x2, y2) {
    this.x = x2;
    this.y = y2;
  }
  Point.prototype = {
    /**
     * Clone this point, returning a new point that can be modified
     * without affecting the old one.
     * @return {Point} the clone
     */
    clone() {
      return new Point(this.x, this.y);
    },
    /**
     * Add this point's x & y coordinates to another point,
     * yielding a new point.
     * @param {Point} p the other point
     * @return {Point} output point
     */
    add(p2) {
      return this.clone()._add(p2);
    },
    /**
     * Subtract this point's x & y coordinates to from point,
     * yielding a new point.
     * @param {Point} p the other point
     * @return {Point} output point
     */
    sub(p2) {
      return this.clone()._sub(p2);
    },
    /**
     * Multiply this point's x & y coordinates by point,
     * yielding a new point.
     * @param {Point} p the other point
     * @return {Point} output point
     */
    multByPoint(p2) {
      return this.clone()._multByPoint(p2);
    },
    /**
     * Divide this point's x & y coordinates by point,
     * yielding a new point.
     * @param {Point} p the other point
     * @return {Point} output point
     */
    divByPoint(p2) {
      return this.clone()._divByPoint(p2);
    },
    /**
     * Multiply this point's x & y coordinates by a factor,
     * yielding a new point.
     * @param {number} k factor
     * @return {Point} output point
     */
    mult(k2) {
      return this.clone()._mult(k2);
    },
    /**
     * Divide this point's x & y coordinates by a factor,
     * yielding a new point.
     * @param {number} k factor
     * @return {Point} output point
     */
    div(k2) {
      return this.clone()._div(k2);
    },
    /**
     * Rotate this point around the 0, 0 origin by an angle a,
     * given in radians
     * @param {number} a angle to rotate around, in radians
     * @return {Point} output point
     */
    rotate(a) {
      return this.clone()._rotate(a);
    },
    /**
     * Rotate this point around p point by an angle a,
     * given in radians
     * @param {number} a angle to rotate around, in radians
     * @param {Point} p Point to rotate around
     * @return {Point} output point
     */
    rotateAround(a, p2) {
      return this.clone()._rotateAround(a, p2);
    },
    /**
     * Multiply this point by a 4x1 transformation matrix
     * @param {[number, number, number, number]} m transformation matrix
     * @return {Point} output point
     */
    matMult(m2) {
      return this.clone()._matMult(m2);
    },
    /**
     * Calculate this point but as a unit vector from 0, 0, meaning
     * that the distance from the resulting point to the 0, 0
     * coordinate will be equal to 1 and the angle from the resulting
     * point to the 0, 0 coordinate will be the same as before.
     * @return {Point} unit vector point
     */
    unit() {
      return this.clone()._unit();
    },
    /**
     * Compute a perpendicular point, where the new y coordinate
     * is the old x coordinate and the new x coordinate is the old y
     * coordinate multiplied by -1
     * @return {Point} perpendicular point
     */
    perp() {
      return this.clone()._perp();
    },
    /**
     * Return a version of this point with the x & y coordinates
     * rounded to integers.
     * @return {Point} rounded point
     */
    round() {
      return this.clone()._round();
    },
    /**
     * Return the magnitude of this point: this is the Euclidean
     * distance from the 0, 0 coordinate to this point's x and y
     * coordinates.
     * @return {number} magnitude
     */
    mag() {
      return Math.sqrt(this.x * this.x + this.y * this.y);
    },
    /**
     * Judge whether this point is equal to another point, returning
     * true or false.
     * @param {Point} other the other point
     * @return {boolean} whether the points are equal
     */
    equals(other) {
      return this.x === other.x && this.y === other.y;
    },
    /**
     * Calculate the distance from this point to another point
     * @param {Point} p the other point
     * @return {number} distance
     */
    dist(p2) {
      return Math.sqrt(this.distSqr(p2));
    },
    /**
     * Calculate the distance from this point to another point,
     * without the square root step. Useful if you're comparing
     * relative distances.
     * @param {Point} p the other point
     * @return {number} distance
     */
    distSqr(p2) {
      const dx = p2.x - this.x, dy = p2.y - this.y;
      return dx * dx + dy * dy;
    },
    /**
     * Get the angle from the 0, 0 coordinate to this point, in radians
     * coordinates.
     * @return {number} angle
     */
    angle() {
      return Math.atan2(this.y, this.x);
    },
    /**
     * Get the angle from this point to another point, in radians
     * @param {Point} b the other point
     * @return {number} angle
     */
    angleTo(b2) {
      return Math.atan2(this.y - b2.y, this.x - b2.x);
    },
    /**
     * Get the angle between this point and another point, in radians
     * @param {Point} b the other point
     * @return {number} angle
     */
    angleWith(b2) {
      return this.angleWithSep(b2.x, b2.y);
    },
    /**
     * Find the angle of the two vectors, solving the formula for
     * the cross product a x b = |a||b|sin(θ) for θ.
     * @param {number} x the x-coordinate
     * @param {number} y the y-coordinate
     * @return {number} the angle in radians
     */
    angleWithSep(x2, y2) {
      return Math.atan2(
        this.x * y2 - this.y * x2,
        this.x * x2 + this.y * y2
      );
    },
    /** @param {[number, number, number, number]} m */
    _matMult(m2) {
      const x2 = m2[0] * this.x + m2[1] * this.y, y2 = m2[2] * this.x + m2[3] * this.y;
      this.x = x2;
      this.y = y2;
      return this;
    },
    /** @param {Point} p */
    _add(p2) {
      this.x += p2.x;
      this.y += p2.y;
      return this;
    },
    /** @param {Point} p */
    _sub(p2) {
      this.x -= p2.x;
      this.y -= p2.y;
      return this;
    },
    /** @param {number} k */
    _mult(k2) {
      this.x *= k2;
      this.y *= k2;
      return this;
    },
    /** @param {number} k */
    _div(k2) {
      this.x /= k2;
      this.y /= k2;
      return this;
    },
    /** @param {Point} p */
    _multByPoint(p2) {
      this.x *= p2.x;
      this.y *= p2.y;
      return this;
    },
    /** @param {Point} p */
    _divByPoint(p2) {
      this.x /= p2.x;
      this.y /= p2.y;
      return this;
    },
    _unit() {
      this._div(this.mag());
      return this;
    },
    _perp() {
      const y2 = this.y;
      this.y = this.x;
      this.x = -y2;
      return this;
    },
    /** @param {number} angle */
    _rotate(angle) {
      const cos = Math.cos(angle), sin = Math.sin(angle), x2 = cos * this.x - sin * this.y, y2 = sin * this.x + cos * this.y;
      this.x = x2;
      this.y = y2;
      return this;
    },
    /**
     * @param {number} angle
     * @param {Point} p
     */
    _rotateAround(angle, p2) {
      const cos = Math.cos(angle), sin = Math.sin(angle), x2 = p2.x + cos * (this.x - p2.x) - sin * (this.y - p2.y), y2 = p2.y + sin * (this.x - p2.x) + cos * (this.y - p2.y);
      this.x = x2;
      this.y = y2;
      return this;
    },
    _round() {
      this.x = Math.round(this.x);
      this.y = Math.round(this.y);
      return this;
    },
    constructor: Point
  };
  Point.convert = function(p2) {
    if (p2 instanceof Point) {
      return (
        /** @type {Point} */
        p2
      );
    }
    if (Array.isArray(p2)) {
      return new Point(+p2[0], +p2[1]);
    }
    if (p2.x !== void 0 && p2.y !== void 0) {
      return new Point(+p2.x, +p2.y);
    }
    throw new Error("Expected [x, y] or {x, y} point format");
  };

  // node_modules/@protomaps/basemaps/dist/esm/index.js
  var k = Object.defineProperty;
  var r = (a, e) => k(a, "name", { value: e, configurable: true });
  function l(a, e) {
    let n = "script";
    return a === "name" ? n = "script" : a === "name2" ? n = "script2" : a === "name3" && (n = "script3"), [["coalesce", ["get", `pgf:${a}`], ["get", a]], { "text-font": ["case", ["==", ["get", n], "Devanagari"], ["literal", ["Noto Sans Devanagari Regular v1"]], ["literal", [e || "Noto Sans Regular"]]] }];
  }
  r(l, "get_name_block");
  function c(a, e, n) {
    let i2 = "name";
    return n === "name" ? i2 = "" : n === "name2" ? i2 = "2" : n === "name3" && (i2 = "3"), e === "Latin" ? ["has", `script${i2}`] : a === "ja" ? ["all", ["!=", ["get", `script${i2}`], "Han"], ["!=", ["get", `script${i2}`], "Hiragana"], ["!=", ["get", `script${i2}`], "Katakana"], ["!=", ["get", `script${i2}`], "Mixed-Japanese"]] : ["!=", ["get", `script${i2}`], e];
  }
  r(c, "is_not_in_target_script");
  function s(a) {
    return a === "Devanagari" ? { "text-font": ["literal", ["Noto Sans Devanagari Regular v1"]] } : {};
  }
  r(s, "get_font_formatting");
  function _(a) {
    let e = g.find((n) => n.lang === a);
    return e === void 0 ? "Latin" : e.script;
  }
  r(_, "get_default_script");
  function d(a, e) {
    let n = e || _(a), i2;
    return n === "Devanagari" ? i2 = "pgf:" : i2 = "", ["format", ["coalesce", ["get", `${i2}name:${a}`], ["get", "name:en"]], s(n)];
  }
  r(d, "get_country_name");
  function o(a, e, n) {
    let i2 = e || _(a), t2;
    return i2 === "Devanagari" ? t2 = "pgf:" : t2 = "", ["case", ["all", ["any", ["has", "name"], ["has", "pgf:name"]], ["!", ["any", ["has", "name2"], ["has", "pgf:name2"]]], ["!", ["any", ["has", "name3"], ["has", "pgf:name3"]]]], ["case", c(a, i2, "name"), ["case", ["any", ["is-supported-script", ["get", "name"]], ["has", "pgf:name"]], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "name:en"]], s(i2), `
`, {}, ["case", ["all", ["!", ["has", `${t2}name:${a}`]], ["has", "name:en"], ["!", ["has", "script"]]], "", ["coalesce", ["get", "pgf:name"], ["get", "name"]]], { "text-font": ["case", ["==", ["get", "script"], "Devanagari"], ["literal", ["Noto Sans Devanagari Regular v1"]], ["literal", [n || "Noto Sans Regular"]]] }], ["get", "name:en"]], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name"], ["get", "name"]], s(i2)]], ["all", ["any", ["has", "name"], ["has", "pgf:name"]], ["any", ["has", "name2"], ["has", "pgf:name2"]], ["!", ["any", ["has", "name3"], ["has", "pgf:name3"]]]], ["case", ["all", c(a, i2, "name"), c(a, i2, "name2")], ["format", ["get", `${t2}name:${a}`], s(i2), `
`, {}, ...l("name", n), `
`, {}, ...l("name2", n)], ["case", c(a, i2, "name2"), ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name"], ["get", "name"]], s(i2), `
`, {}, ...l("name2", n)], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name2"], ["get", "name2"]], s(i2), `
`, {}, ...l("name", n)]]], ["case", ["all", c(a, i2, "name"), c(a, i2, "name2"), c(a, i2, "name3")], ["format", ["get", `${t2}name:${a}`], s(i2), `
`, {}, ...l("name", n), `
`, {}, ...l("name2", n), `
`, {}, ...l("name3", n)], ["case", ["!", c(a, i2, "name")], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name"], ["get", "name"]], s(i2), `
`, {}, ...l("name2", n), `
`, {}, ...l("name3", n)], ["!", c(a, i2, "name2")], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name2"], ["get", "name2"]], s(i2), `
`, {}, ...l("name", n), `
`, {}, ...l("name3", n)], ["format", ["coalesce", ["get", `${t2}name:${a}`], ["get", "pgf:name3"], ["get", "name3"]], s(i2), `
`, {}, ...l("name", n), `
`, {}, ...l("name2", n)]]]];
  }
  r(o, "get_multiline_name");
  var g = [{ lang: "ar", full_name: "Arabic", script: "Arabic" }, { lang: "cs", full_name: "Czech", script: "Latin" }, { lang: "bg", full_name: "Bulgarian", script: "Cyrillic" }, { lang: "da", full_name: "Danish", script: "Latin" }, { lang: "de", full_name: "German", script: "Latin" }, { lang: "el", full_name: "Greek", script: "Greek" }, { lang: "en", full_name: "English", script: "Latin" }, { lang: "es", full_name: "Spanish", script: "Latin" }, { lang: "et", full_name: "Estonian", script: "Latin" }, { lang: "fa", full_name: "Persian", script: "Arabic" }, { lang: "fi", full_name: "Finnish", script: "Latin" }, { lang: "fr", full_name: "French", script: "Latin" }, { lang: "ga", full_name: "Irish", script: "Latin" }, { lang: "he", full_name: "Hebrew", script: "Hebrew" }, { lang: "hi", full_name: "Hindi", script: "Devanagari" }, { lang: "hr", full_name: "Croatian", script: "Latin" }, { lang: "hu", full_name: "Hungarian", script: "Latin" }, { lang: "id", full_name: "Indonesian", script: "Latin" }, { lang: "it", full_name: "Italian", script: "Latin" }, { lang: "ja", full_name: "Japanese", script: "" }, { lang: "ko", full_name: "Korean", script: "Hangul" }, { lang: "lt", full_name: "Lithuanian", script: "Latin" }, { lang: "lv", full_name: "Latvian", script: "Latin" }, { lang: "ne", full_name: "Nepali", script: "Devanagari" }, { lang: "nl", full_name: "Dutch", script: "Latin" }, { lang: "no", full_name: "Norwegian", script: "Latin" }, { lang: "mr", full_name: "Marathi", script: "Devanagari" }, { lang: "mt", full_name: "Maltese", script: "Latin" }, { lang: "pl", full_name: "Polish", script: "Latin" }, { lang: "pt", full_name: "Portuguese", script: "Latin" }, { lang: "ro", full_name: "Romanian", script: "Latin" }, { lang: "ru", full_name: "Russian", script: "Cyrillic" }, { lang: "sk", full_name: "Slovak", script: "Latin" }, { lang: "sl", full_name: "Slovenian", script: "Latin" }, { lang: "sv", full_name: "Swedish", script: "Latin" }, { lang: "tr", full_name: "Turkish", script: "Latin" }, { lang: "uk", full_name: "Ukrainian", script: "Cyrillic" }, { lang: "ur", full_name: "Urdu", script: "Arabic" }, { lang: "vi", full_name: "Vietnamese", script: "Latin" }, { lang: "zh-Hans", full_name: "Chinese (Simplified)", script: "Han" }, { lang: "zh-Hant", full_name: "Chinese (Traditional)", script: "Han" }];
  function f(a, e) {
    return [{ id: "background", type: "background", paint: { "background-color": e.background } }, { id: "earth", type: "fill", filter: ["==", "$type", "Polygon"], source: a, "source-layer": "earth", paint: { "fill-color": e.earth } }, ...e.landcover ? [{ id: "landcover", type: "fill", source: a, "source-layer": "landcover", paint: { "fill-color": ["match", ["get", "kind"], "grassland", e.landcover.grassland, "barren", e.landcover.barren, "urban_area", e.landcover.urban_area, "farmland", e.landcover.farmland, "glacier", e.landcover.glacier, "scrub", e.landcover.scrub, e.landcover.forest], "fill-opacity": ["interpolate", ["linear"], ["zoom"], 5, 1, 7, 0] } }] : [], { id: "landuse_park", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "national_park", "park", "cemetery", "protected_area", "nature_reserve", "forest", "golf_course", "wood", "scrub", "grassland", "grass", "glacier", "sand", "military", "naval_base", "airfield"], paint: { "fill-opacity": ["interpolate", ["linear"], ["zoom"], 6, 0, 11, 1], "fill-color": ["case", ["in", ["get", "kind"], ["literal", ["national_park", "park", "cemetery", "protected_area", "nature_reserve", "forest", "golf_course"]]], e.park_b, ["==", ["get", "kind"], "wood"], e.wood_b, ["in", ["get", "kind"], ["literal", ["scrub", "grassland", "grass"]]], e.scrub_b, ["==", ["get", "kind"], "glacier"], e.glacier, ["==", ["get", "kind"], "sand"], e.sand, ["in", ["get", "kind"], ["literal", ["military", "naval_base", "airfield"]]], e.zoo, e.earth] } }, { id: "landuse_urban_green", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "allotments", "village_green", "playground"], paint: { "fill-color": e.park_b, "fill-opacity": 0.7 } }, { id: "landuse_hospital", type: "fill", source: a, "source-layer": "landuse", filter: ["==", "kind", "hospital"], paint: { "fill-color": e.hospital } }, { id: "landuse_industrial", type: "fill", source: a, "source-layer": "landuse", filter: ["==", "kind", "industrial"], paint: { "fill-color": e.industrial } }, { id: "landuse_school", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "school", "university", "college"], paint: { "fill-color": e.school } }, { id: "landuse_beach", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "beach"], paint: { "fill-color": e.beach } }, { id: "landuse_zoo", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "zoo"], paint: { "fill-color": e.zoo } }, { id: "landuse_aerodrome", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "aerodrome"], paint: { "fill-color": e.aerodrome } }, { id: "roads_runway", type: "line", source: a, "source-layer": "roads", filter: ["==", "kind_detail", "runway"], paint: { "line-color": e.runway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 10, 0, 12, 4, 18, 30] } }, { id: "roads_taxiway", type: "line", source: a, "source-layer": "roads", minzoom: 13, filter: ["==", "kind_detail", "taxiway"], paint: { "line-color": e.runway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 15, 6] } }, { id: "landuse_runway", type: "fill", source: a, "source-layer": "landuse", filter: ["any", ["in", "kind", "runway", "taxiway"]], paint: { "fill-color": e.runway } }, { id: "water", type: "fill", filter: ["==", "$type", "Polygon"], source: a, "source-layer": "water", paint: { "fill-color": e.water } }, { id: "water_stream", type: "line", source: a, "source-layer": "water", minzoom: 14, filter: ["in", "kind", "stream"], paint: { "line-color": e.water, "line-width": 0.5 } }, { id: "water_river", type: "line", source: a, "source-layer": "water", minzoom: 9, filter: ["in", "kind", "river"], paint: { "line-color": e.water, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 9, 0, 9.5, 1, 18, 12] } }, { id: "landuse_pedestrian", type: "fill", source: a, "source-layer": "landuse", filter: ["in", "kind", "pedestrian", "dam"], paint: { "fill-color": e.pedestrian } }, { id: "landuse_pier", type: "fill", source: a, "source-layer": "landuse", filter: ["==", "kind", "pier"], paint: { "fill-color": e.pier } }, { id: "roads_tunnels_other_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["in", "kind", "other", "path"]], paint: { "line-color": e.tunnel_other_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 14, 0, 20, 7] } }, { id: "roads_tunnels_minor_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["==", "kind", "minor_road"]], paint: { "line-color": e.tunnel_minor_casing, "line-dasharray": [3, 2], "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 12, 0, 12.5, 1] } }, { id: "roads_tunnels_link_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["has", "is_link"]], paint: { "line-color": e.tunnel_link_casing, "line-dasharray": [3, 2], "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 12, 0, 12.5, 1] } }, { id: "roads_tunnels_major_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.tunnel_major_casing, "line-dasharray": [3, 2], "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 0.5, 18, 13], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 9, 0, 9.5, 1] } }, { id: "roads_tunnels_highway_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.tunnel_highway_casing, "line-dasharray": [6, 0.5], "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 3.5, 0.5, 18, 15], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 1, 20, 15] } }, { id: "roads_tunnels_other", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["in", "kind", "other", "path"]], paint: { "line-color": e.tunnel_other, "line-dasharray": [4.5, 0.5], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 14, 0, 20, 7] } }, { id: "roads_tunnels_minor", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["==", "kind", "minor_road"]], paint: { "line-color": e.tunnel_minor, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11] } }, { id: "roads_tunnels_link", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["has", "is_link"]], paint: { "line-color": e.tunnel_minor, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11] } }, { id: "roads_tunnels_major", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["==", "kind", "major_road"]], paint: { "line-color": e.tunnel_major, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 6, 0, 12, 1.6, 15, 3, 18, 13] } }, { id: "roads_tunnels_highway", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_tunnel"], ["==", ["get", "kind"], "highway"], ["!", ["has", "is_link"]]], paint: { "line-color": e.tunnel_highway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 6, 1.1, 12, 1.6, 15, 5, 18, 15] } }, { id: "buildings", type: "fill", source: a, "source-layer": "buildings", filter: ["in", "kind", "building", "building_part"], paint: { "fill-color": e.buildings, "fill-opacity": 0.5 } }, { id: "roads_pier", type: "line", source: a, "source-layer": "roads", filter: ["==", "kind_detail", "pier"], paint: { "line-color": e.pier, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 12, 0, 12.5, 0.5, 20, 16] } }, { id: "roads_minor_service_casing", type: "line", source: a, "source-layer": "roads", minzoom: 13, filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "minor_road"], ["==", "kind_detail", "service"]], paint: { "line-color": e.minor_service_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 18, 8], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 0.8] } }, { id: "roads_minor_casing", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "minor_road"], ["!=", "kind_detail", "service"]], paint: { "line-color": e.minor_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 12, 0, 12.5, 1] } }, { id: "roads_link_casing", type: "line", source: a, "source-layer": "roads", minzoom: 13, filter: ["has", "is_link"], paint: { "line-color": e.minor_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1.5] } }, { id: "roads_major_casing_late", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.major_casing_late, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 6, 0, 12, 1.6, 15, 3, 18, 13], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 9, 0, 9.5, 1] } }, { id: "roads_highway_casing_late", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.highway_casing_late, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 3.5, 0.5, 18, 15], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 1, 20, 15] } }, { id: "roads_other", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["in", "kind", "other", "path"], ["!=", "kind_detail", "pier"]], paint: { "line-color": e.other, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 14, 0.5, 20, 12] } }, { id: "roads_link", type: "line", source: a, "source-layer": "roads", filter: ["has", "is_link"], paint: { "line-color": e.link, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11] } }, { id: "roads_minor_service", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "minor_road"], ["==", "kind_detail", "service"]], paint: { "line-color": e.minor_service, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 18, 8] } }, { id: "roads_minor", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "minor_road"], ["!=", "kind_detail", "service"]], paint: { "line-color": ["interpolate", ["exponential", 1.6], ["zoom"], 11, e.minor_a, 16, e.minor_b], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11] } }, { id: "roads_major_casing_early", type: "line", source: a, "source-layer": "roads", maxzoom: 12, filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.major_casing_early, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 0.5, 18, 13], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 9, 0, 9.5, 1] } }, { id: "roads_major", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.major, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 6, 0, 12, 1.6, 15, 3, 18, 13] } }, { id: "roads_highway_casing_early", type: "line", source: a, "source-layer": "roads", maxzoom: 12, filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.highway_casing_early, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 3.5, 0.5, 18, 15], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 1] } }, { id: "roads_highway", type: "line", source: a, "source-layer": "roads", filter: ["all", ["!has", "is_tunnel"], ["!has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.highway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 6, 1.1, 12, 1.6, 15, 5, 18, 15] } }, { id: "roads_rail", type: "line", source: a, "source-layer": "roads", filter: ["==", "kind", "rail"], paint: { "line-dasharray": [0.3, 0.75], "line-opacity": 0.5, "line-color": e.railway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 6, 0.15, 18, 9] } }, { id: "boundaries_country", type: "line", source: a, "source-layer": "boundaries", filter: ["<=", "kind_detail", 2], paint: { "line-color": e.boundaries, "line-width": 0.7, "line-dasharray": ["step", ["zoom"], ["literal", [2, 0]], 4, ["literal", [2, 1]]] } }, { id: "boundaries", type: "line", source: a, "source-layer": "boundaries", filter: [">", "kind_detail", 2], paint: { "line-color": e.boundaries, "line-width": 0.4, "line-dasharray": ["step", ["zoom"], ["literal", [2, 0]], 4, ["literal", [2, 1]]] } }, { id: "roads_bridges_other_casing", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["in", "kind", "other", "path"]], paint: { "line-color": e.bridges_other_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 14, 0, 20, 7] } }, { id: "roads_bridges_link_casing", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["has", "is_link"]], paint: { "line-color": e.bridges_minor_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 12, 0, 12.5, 1.5] } }, { id: "roads_bridges_minor_casing", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["==", "kind", "minor_road"]], paint: { "line-color": e.bridges_minor_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 0.8] } }, { id: "roads_bridges_major_casing", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.bridges_major_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 0.5, 18, 10], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 9, 0, 9.5, 1.5] } }, { id: "roads_bridges_other", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["in", "kind", "other", "path"]], paint: { "line-color": e.bridges_other, "line-dasharray": [2, 1], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 14, 0, 20, 7] } }, { id: "roads_bridges_minor", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["==", "kind", "minor_road"]], paint: { "line-color": e.bridges_minor, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 11, 0, 12.5, 0.5, 15, 2, 18, 11] } }, { id: "roads_bridges_link", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["has", "is_link"]], paint: { "line-color": e.bridges_minor, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 13, 0, 13.5, 1, 18, 11] } }, { id: "roads_bridges_major", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["==", "kind", "major_road"]], paint: { "line-color": e.bridges_major, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 6, 0, 12, 1.6, 15, 3, 18, 13] } }, { id: "roads_bridges_highway_casing", type: "line", source: a, "source-layer": "roads", minzoom: 12, filter: ["all", ["has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.bridges_highway_casing, "line-gap-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 3.5, 0.5, 18, 15], "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 7, 0, 7.5, 1, 20, 15] } }, { id: "roads_bridges_highway", type: "line", source: a, "source-layer": "roads", filter: ["all", ["has", "is_bridge"], ["==", "kind", "highway"], ["!has", "is_link"]], paint: { "line-color": e.bridges_highway, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 3, 0, 6, 1.1, 12, 1.6, 15, 5, 18, 15] } }];
  }
  r(f, "nolabels_layers");
  function p(a, e, n, i2) {
    return [{ id: "address_label", type: "symbol", source: a, "source-layer": "buildings", minzoom: 18, filter: ["==", "kind", "address"], layout: { "symbol-placement": "point", "text-font": [e.italic || "Noto Sans Italic"], "text-field": ["get", "addr_housenumber"], "text-size": 12 }, paint: { "text-color": e.address_label, "text-halo-color": e.address_label_halo, "text-halo-width": 1 } }, { id: "water_waterway_label", type: "symbol", source: a, "source-layer": "water", minzoom: 13, filter: ["in", "kind", "river", "stream"], layout: { "symbol-placement": "line", "text-font": [e.italic || "Noto Sans Italic"], "text-field": o(n, i2, e.regular), "text-size": 12, "text-letter-spacing": 0.2 }, paint: { "text-color": e.ocean_label, "text-halo-color": e.water, "text-halo-width": 1 } }, { id: "roads_oneway", type: "symbol", source: a, "source-layer": "roads", minzoom: 16, filter: ["==", ["get", "oneway"], "yes"], layout: { "symbol-placement": "line", "icon-image": "arrow", "icon-rotate": 90, "symbol-spacing": 100 } }, { id: "roads_labels_minor", type: "symbol", source: a, "source-layer": "roads", minzoom: 15, filter: ["in", "kind", "minor_road", "other", "path"], layout: { "symbol-sort-key": ["get", "min_zoom"], "symbol-placement": "line", "text-font": [e.regular || "Noto Sans Regular"], "text-field": o(n, i2, e.regular), "text-size": 12 }, paint: { "text-color": e.roads_label_minor, "text-halo-color": e.roads_label_minor_halo, "text-halo-width": 1 } }, { id: "water_label_ocean", type: "symbol", source: a, "source-layer": "water", filter: ["in", "kind", "sea", "ocean", "bay", "strait", "fjord"], layout: { "text-font": [e.italic || "Noto Sans Italic"], "text-field": o(n, i2, e.regular), "text-size": ["interpolate", ["linear"], ["zoom"], 3, 10, 10, 12], "text-letter-spacing": 0.1, "text-max-width": 9, "text-transform": "uppercase" }, paint: { "text-color": e.ocean_label, "text-halo-width": 1, "text-halo-color": e.water } }, { id: "earth_label_islands", type: "symbol", source: a, "source-layer": "earth", filter: ["in", "kind", "island"], layout: { "text-font": [e.italic || "Noto Sans Italic"], "text-field": o(n, i2, e.regular), "text-size": 10, "text-letter-spacing": 0.1, "text-max-width": 8 }, paint: { "text-color": e.subplace_label, "text-halo-color": e.subplace_label_halo, "text-halo-width": 1 } }, { id: "water_label_lakes", type: "symbol", source: a, "source-layer": "water", filter: ["in", "kind", "lake", "water"], layout: { "text-font": [e.italic || "Noto Sans Italic"], "text-field": o(n, i2, e.regular), "text-size": ["interpolate", ["linear"], ["zoom"], 3, 10, 6, 12, 10, 12], "text-letter-spacing": 0.1, "text-max-width": 9 }, paint: { "text-color": e.ocean_label, "text-halo-color": e.water, "text-halo-width": 1 } }, { id: "roads_shields", type: "symbol", source: a, "source-layer": "roads", filter: ["all", ["in", ["get", "kind"], ["literal", ["highway", "major_road"]]], ["has", "shield_text"], ["<=", ["length", ["get", "shield_text"]], 5]], layout: { "icon-image": ["match", ["get", "network"], "US:I", ["concat", "US:I-", ["length", ["get", "shield_text"]], "char"], "NL:S-road", ["concat", "NL:S-road-", ["length", ["get", "shield_text"]], "char"], ["concat", "generic_shield-", ["length", ["get", "shield_text"]], "char"]], "text-field": ["get", "shield_text"], "text-font": [e.bold || "Noto Sans Medium"], "text-size": 8, "icon-size": 0.8, "symbol-placement": "line", "icon-rotation-alignment": "viewport", "text-rotation-alignment": "viewport" }, paint: { "text-color": e.roads_label_major } }, { id: "roads_labels_major", type: "symbol", source: a, "source-layer": "roads", minzoom: 11, filter: ["in", "kind", "highway", "major_road"], layout: { "symbol-sort-key": ["get", "min_zoom"], "symbol-placement": "line", "text-font": [e.regular || "Noto Sans Regular"], "text-field": o(n, i2, e.regular), "text-size": 12 }, paint: { "text-color": e.roads_label_major, "text-halo-color": e.roads_label_major_halo, "text-halo-width": 1 } }, ...e.pois ? [{ id: "pois", type: "symbol", source: a, "source-layer": "pois", filter: ["all", ["in", ["get", "kind"], ["literal", ["beach", "forest", "marina", "park", "peak", "zoo", "garden", "bench", "aerodrome", "station", "bus_stop", "ferry_terminal", "stadium", "university", "library", "school", "animal", "toilets", "drinking_water", "post_office", "building", "townhall", "restaurant", "fast_food", "cafe", "bar", "supermarket", "convenience", "books", "beauty", "electronics", "clothes", "attraction", "museum", "theatre", "artwork"]]], [">=", ["zoom"], ["+", ["get", "min_zoom"], 0]]], layout: { "icon-image": ["match", ["get", "kind"], "station", "train_station", ["get", "kind"]], "text-font": [e.regular || "Noto Sans Regular"], "text-justify": "auto", "text-field": o(n, i2, e.regular), "text-size": ["interpolate", ["linear"], ["zoom"], 17, 10, 19, 16], "text-max-width": 8, "text-offset": [1.1, 0], "text-variable-anchor": ["left", "right"] }, paint: { "text-color": ["case", ["in", ["get", "kind"], ["literal", ["beach", "forest", "marina", "park", "peak", "zoo", "garden", "bench"]]], e.pois.green, ["in", ["get", "kind"], ["literal", ["aerodrome", "station", "bus_stop", "ferry_terminal"]]], e.pois.lapis, ["in", ["get", "kind"], ["literal", ["stadium", "university", "library", "school", "animal", "toilets", "drinking_water", "post_office", "building", "townhall"]]], e.pois.slategray, ["in", ["get", "kind"], ["literal", ["supermarket", "convenience", "books", "beauty", "electronics", "clothes"]]], e.pois.blue, ["in", ["get", "kind"], ["literal", ["restaurant", "fast_food", "cafe", "bar"]]], e.pois.tangerine, ["in", ["get", "kind"], ["literal", ["attraction", "museum", "theatre", "artwork"]]], e.pois.pink, e.earth], "text-halo-color": e.earth, "text-halo-width": 1 } }] : [], { id: "places_subplace", type: "symbol", source: a, "source-layer": "places", filter: ["in", "kind", "neighbourhood", "macrohood"], layout: { "symbol-sort-key": ["case", ["has", "sort_key"], ["get", "sort_key"], ["get", "min_zoom"]], "text-field": o(n, i2, e.regular), "text-font": [e.regular || "Noto Sans Regular"], "text-max-width": 7, "text-letter-spacing": 0.1, "text-padding": ["interpolate", ["linear"], ["zoom"], 5, 2, 8, 4, 12, 18, 15, 20], "text-size": ["interpolate", ["exponential", 1.2], ["zoom"], 11, 8, 14, 14, 18, 24], "text-transform": "uppercase" }, paint: { "text-color": e.subplace_label, "text-halo-color": e.subplace_label_halo, "text-halo-width": 1 } }, { id: "places_region", type: "symbol", source: a, "source-layer": "places", filter: ["==", "kind", "region"], layout: { "symbol-sort-key": ["get", "sort_key"], "text-field": ["step", ["zoom"], ["coalesce", ["get", "ref:en"], ["get", "ref"]], 6, o(n, i2, e.regular)], "text-font": [e.regular || "Noto Sans Regular"], "text-size": ["interpolate", ["linear"], ["zoom"], 3, 11, 7, 16], "text-radial-offset": 0.2, "text-anchor": "center", "text-transform": "uppercase" }, paint: { "text-color": e.state_label, "text-halo-color": e.state_label_halo, "text-halo-width": 1 } }, { id: "places_locality", type: "symbol", source: a, "source-layer": "places", filter: ["==", "kind", "locality"], layout: { "icon-image": ["step", ["zoom"], ["case", ["==", ["get", "capital"], "yes"], "capital", "townspot"], 8, ""], "icon-size": 0.7, "text-field": o(n, i2, e.regular), "text-font": ["case", ["<=", ["get", "min_zoom"], 5], ["literal", [e.bold || "Noto Sans Medium"]], ["literal", [e.regular || "Noto Sans Regular"]]], "symbol-sort-key": ["case", ["has", "sort_key"], ["get", "sort_key"], ["get", "min_zoom"]], "text-padding": ["interpolate", ["linear"], ["zoom"], 5, 3, 8, 7, 12, 11], "text-size": ["interpolate", ["linear"], ["zoom"], 2, ["case", ["<", ["get", "population_rank"], 13], 8, [">=", ["get", "population_rank"], 13], 13, 0], 4, ["case", ["<", ["get", "population_rank"], 13], 10, [">=", ["get", "population_rank"], 13], 15, 0], 6, ["case", ["<", ["get", "population_rank"], 12], 11, [">=", ["get", "population_rank"], 12], 17, 0], 8, ["case", ["<", ["get", "population_rank"], 11], 11, [">=", ["get", "population_rank"], 11], 18, 0], 10, ["case", ["<", ["get", "population_rank"], 9], 12, [">=", ["get", "population_rank"], 9], 20, 0], 15, ["case", ["<", ["get", "population_rank"], 8], 12, [">=", ["get", "population_rank"], 8], 22, 0]], "icon-padding": ["interpolate", ["linear"], ["zoom"], 0, 0, 8, 4, 10, 8, 12, 6, 22, 2], "text-justify": "auto", "text-variable-anchor": ["step", ["zoom"], ["literal", ["bottom", "left", "right", "top"]], 8, ["literal", ["center"]]], "text-radial-offset": 0.3 }, paint: { "text-color": e.city_label, "text-halo-color": e.city_label_halo, "text-halo-width": 1 } }, { id: "places_country", type: "symbol", source: a, "source-layer": "places", filter: ["==", "kind", "country"], layout: { "symbol-sort-key": ["case", ["has", "sort_key"], ["get", "sort_key"], ["get", "min_zoom"]], "text-field": d(n, i2), "text-font": [e.bold || "Noto Sans Medium"], "text-size": ["interpolate", ["linear"], ["zoom"], 2, ["case", ["<", ["get", "population_rank"], 10], 8, [">=", ["get", "population_rank"], 10], 12, 0], 6, ["case", ["<", ["get", "population_rank"], 8], 10, [">=", ["get", "population_rank"], 8], 18, 0], 8, ["case", ["<", ["get", "population_rank"], 7], 11, [">=", ["get", "population_rank"], 7], 20, 0]], "icon-padding": ["interpolate", ["linear"], ["zoom"], 0, 2, 14, 2, 16, 20, 17, 2, 22, 2], "text-transform": "uppercase" }, paint: { "text-color": e.country_label, "text-halo-color": e.earth, "text-halo-width": 1 } }];
  }
  r(p, "labels_layers");
  var m = { background: "#cccccc", earth: "#e2dfda", park_a: "#cfddd5", park_b: "#9cd3b4", hospital: "#e4dad9", industrial: "#d1dde1", school: "#e4ded7", wood_a: "#d0ded0", wood_b: "#a0d9a0", pedestrian: "#e3e0d4", scrub_a: "#cedcd7", scrub_b: "#99d2bb", glacier: "#e7e7e7", sand: "#e2e0d7", beach: "#e8e4d0", aerodrome: "#dadbdf", runway: "#e9e9ed", water: "#80deea", zoo: "#c6dcdc", military: "#dcdcdc", tunnel_other_casing: "#e0e0e0", tunnel_minor_casing: "#e0e0e0", tunnel_link_casing: "#e0e0e0", tunnel_major_casing: "#e0e0e0", tunnel_highway_casing: "#e0e0e0", tunnel_other: "#d5d5d5", tunnel_minor: "#d5d5d5", tunnel_link: "#d5d5d5", tunnel_major: "#d5d5d5", tunnel_highway: "#d5d5d5", pier: "#e0e0e0", buildings: "#cccccc", minor_service_casing: "#e0e0e0", minor_casing: "#e0e0e0", link_casing: "#e0e0e0", major_casing_late: "#e0e0e0", highway_casing_late: "#e0e0e0", other: "#ebebeb", minor_service: "#ebebeb", minor_a: "#ebebeb", minor_b: "#ffffff", link: "#ffffff", major_casing_early: "#e0e0e0", major: "#ffffff", highway_casing_early: "#e0e0e0", highway: "#ffffff", railway: "#a7b1b3", boundaries: "#adadad", bridges_other_casing: "#e0e0e0", bridges_minor_casing: "#e0e0e0", bridges_link_casing: "#e0e0e0", bridges_major_casing: "#e0e0e0", bridges_highway_casing: "#e0e0e0", bridges_other: "#ebebeb", bridges_minor: "#ffffff", bridges_link: "#ffffff", bridges_major: "#f5f5f5", bridges_highway: "#ffffff", roads_label_minor: "#91888b", roads_label_minor_halo: "#ffffff", roads_label_major: "#938a8d", roads_label_major_halo: "#ffffff", ocean_label: "#728dd4", subplace_label: "#8f8f8f", subplace_label_halo: "#e0e0e0", city_label: "#5c5c5c", city_label_halo: "#e0e0e0", state_label: "#b3b3b3", state_label_halo: "#e0e0e0", country_label: "#a3a3a3", address_label: "#91888b", address_label_halo: "#ffffff", pois: { blue: "#1A8CBD", green: "#20834D", lapis: "#315BCF", pink: "#EF56BA", red: "#F2567A", slategray: "#6A5B8F", tangerine: "#CB6704", turquoise: "#00C3D4" }, landcover: { grassland: "rgba(210, 239, 207, 1)", barren: "rgba(255, 243, 215, 1)", urban_area: "rgba(230, 230, 230, 1)", farmland: "rgba(216, 239, 210, 1)", glacier: "rgba(255, 255, 255, 1)", scrub: "rgba(234, 239, 210, 1)", forest: "rgba(196, 231, 210, 1)" } };
  var b = { background: "#34373d", earth: "#1f1f1f", park_a: "#1c2421", park_b: "#192a24", hospital: "#252424", industrial: "#222222", school: "#262323", wood_a: "#202121", wood_b: "#202121", pedestrian: "#1e1e1e", scrub_a: "#222323", scrub_b: "#222323", glacier: "#1c1c1c", sand: "#212123", beach: "#28282a", aerodrome: "#1e1e1e", runway: "#333333", water: "#31353f", zoo: "#222323", military: "#242323", tunnel_other_casing: "#141414", tunnel_minor_casing: "#141414", tunnel_link_casing: "#141414", tunnel_major_casing: "#141414", tunnel_highway_casing: "#141414", tunnel_other: "#292929", tunnel_minor: "#292929", tunnel_link: "#292929", tunnel_major: "#292929", tunnel_highway: "#292929", pier: "#333333", buildings: "#111111", minor_service_casing: "#1f1f1f", minor_casing: "#1f1f1f", link_casing: "#1f1f1f", major_casing_late: "#1f1f1f", highway_casing_late: "#1f1f1f", other: "#333333", minor_service: "#333333", minor_a: "#3d3d3d", minor_b: "#333333", link: "#3d3d3d", major_casing_early: "#1f1f1f", major: "#3d3d3d", highway_casing_early: "#1f1f1f", highway: "#474747", railway: "#000000", boundaries: "#5b6374", bridges_other_casing: "#2b2b2b", bridges_minor_casing: "#1f1f1f", bridges_link_casing: "#1f1f1f", bridges_major_casing: "#1f1f1f", bridges_highway_casing: "#1f1f1f", bridges_other: "#333333", bridges_minor: "#333333", bridges_link: "#3d3d3d", bridges_major: "#3d3d3d", bridges_highway: "#474747", roads_label_minor: "#525252", roads_label_minor_halo: "#1f1f1f", roads_label_major: "#666666", roads_label_major_halo: "#1f1f1f", ocean_label: "#717784", subplace_label: "#525252", subplace_label_halo: "#1f1f1f", city_label: "#7a7a7a", city_label_halo: "#212121", state_label: "#3d3d3d", state_label_halo: "#1f1f1f", country_label: "#5c5c5c", address_label: "#525252", address_label_halo: "#1f1f1f", pois: { blue: "#4299BB", green: "#30C573", lapis: "#2B5CEA", pink: "#EF56BA", red: "#F2567A", slategray: "#93939F", tangerine: "#F19B6E", turquoise: "#00C3D4" }, landcover: { grassland: "rgba(30, 41, 31, 1)", barren: "rgba(38, 38, 36, 1)", urban_area: "rgba(28, 28, 28, 1)", farmland: "rgba(31, 36, 32, 1)", glacier: "rgba(43, 43, 43, 1)", scrub: "rgba(34, 36, 30, 1)", forest: "rgba(28, 41, 37, 1)" } };
  var h = { background: "#ffffff", earth: "#ffffff", park_a: "#fcfcfc", park_b: "#fcfcfc", hospital: "#f8f8f8", industrial: "#fcfcfc", school: "#f8f8f8", wood_a: "#fafafa", wood_b: "#fafafa", pedestrian: "#fdfdfd", scrub_a: "#fafafa", scrub_b: "#fafafa", glacier: "#fcfcfc", sand: "#fafafa", beach: "#f6f6f6", aerodrome: "#fdfdfd", runway: "#efefef", water: "#dcdcdc", zoo: "#f7f7f7", military: "#fcfcfc", tunnel_other_casing: "#d6d6d6", tunnel_minor_casing: "#fcfcfc", tunnel_link_casing: "#fcfcfc", tunnel_major_casing: "#fcfcfc", tunnel_highway_casing: "#fcfcfc", tunnel_other: "#d6d6d6", tunnel_minor: "#d6d6d6", tunnel_link: "#d6d6d6", tunnel_major: "#d6d6d6", tunnel_highway: "#d6d6d6", pier: "#efefef", buildings: "#efefef", minor_service_casing: "#ffffff", minor_casing: "#ffffff", link_casing: "#ffffff", major_casing_late: "#ffffff", highway_casing_late: "#ffffff", other: "#f5f5f5", minor_service: "#f5f5f5", minor_a: "#ebebeb", minor_b: "#f5f5f5", link: "#ebebeb", major_casing_early: "#ffffff", major: "#ebebeb", highway_casing_early: "#ffffff", highway: "#ebebeb", railway: "#d6d6d6", boundaries: "#adadad", bridges_other_casing: "#ffffff", bridges_minor_casing: "#ffffff", bridges_link_casing: "#ffffff", bridges_major_casing: "#ffffff", bridges_highway_casing: "#ffffff", bridges_other: "#f5f5f5", bridges_minor: "#f5f5f5", bridges_link: "#ebebeb", bridges_major: "#ebebeb", bridges_highway: "#ebebeb", roads_label_minor: "#adadad", roads_label_minor_halo: "#ffffff", roads_label_major: "#999999", roads_label_major_halo: "#ffffff", ocean_label: "#adadad", subplace_label: "#8f8f8f", subplace_label_halo: "#ffffff", city_label: "#5c5c5c", city_label_halo: "#ffffff", state_label: "#b3b3b3", state_label_halo: "#ffffff", country_label: "#b8b8b8", address_label: "#adadad", address_label_halo: "#ffffff" };
  var u = { background: "#a3a3a3", earth: "#cccccc", park_a: "#c2c2c2", park_b: "#c2c2c2", hospital: "#d0d0d0", industrial: "#c6c6c6", school: "#d0d0d0", wood_a: "#c2c2c2", wood_b: "#c2c2c2", pedestrian: "#c4c4c4", scrub_a: "#c2c2c2", scrub_b: "#c2c2c2", glacier: "#d2d2d2", sand: "#d2d2d2", beach: "#d2d2d2", aerodrome: "#c9c9c9", runway: "#f5f5f5", water: "#a3a3a3", zoo: "#c7c7c7", military: "#bfbfbf", tunnel_other_casing: "#b8b8b8", tunnel_minor_casing: "#b8b8b8", tunnel_link_casing: "#b8b8b8", tunnel_major_casing: "#b8b8b8", tunnel_highway_casing: "#b8b8b8", tunnel_other: "#d6d6d6", tunnel_minor: "#d6d6d6", tunnel_link: "#d6d6d6", tunnel_major: "#d6d6d6", tunnel_highway: "#d6d6d6", pier: "#b8b8b8", buildings: "#e0e0e0", minor_service_casing: "#cccccc", minor_casing: "#cccccc", link_casing: "#cccccc", major_casing_late: "#cccccc", highway_casing_late: "#cccccc", other: "#e0e0e0", minor_service: "#e0e0e0", minor_a: "#ebebeb", minor_b: "#e0e0e0", link: "#ebebeb", major_casing_early: "#cccccc", major: "#ebebeb", highway_casing_early: "#cccccc", highway: "#ebebeb", railway: "#f5f5f5", boundaries: "#5c5c5c", bridges_other_casing: "#cccccc", bridges_minor_casing: "#cccccc", bridges_link_casing: "#cccccc", bridges_major_casing: "#cccccc", bridges_highway_casing: "#cccccc", bridges_other: "#e0e0e0", bridges_minor: "#e0e0e0", bridges_link: "#ebebeb", bridges_major: "#ebebeb", bridges_highway: "#ebebeb", roads_label_minor: "#999999", roads_label_minor_halo: "#e0e0e0", roads_label_major: "#8f8f8f", roads_label_major_halo: "#ebebeb", ocean_label: "#7a7a7a", subplace_label: "#7a7a7a", subplace_label_halo: "#cccccc", city_label: "#474747", city_label_halo: "#cccccc", state_label: "#999999", state_label_halo: "#cccccc", country_label: "#858585", address_label: "#999999", address_label_halo: "#e0e0e0" };
  var y = { background: "#2b2b2b", earth: "#141414", park_a: "#181818", park_b: "#181818", hospital: "#1d1d1d", industrial: "#101010", school: "#111111", wood_a: "#1a1a1a", wood_b: "#1a1a1a", pedestrian: "#191919", scrub_a: "#1c1c1c", scrub_b: "#1c1c1c", glacier: "#191919", sand: "#161616", beach: "#1f1f1f", aerodrome: "#191919", runway: "#323232", water: "#333333", zoo: "#191919", military: "#121212", tunnel_other_casing: "#101010", tunnel_minor_casing: "#101010", tunnel_link_casing: "#101010", tunnel_major_casing: "#101010", tunnel_highway_casing: "#101010", tunnel_other: "#292929", tunnel_minor: "#292929", tunnel_link: "#292929", tunnel_major: "#292929", tunnel_highway: "#292929", pier: "#0a0a0a", buildings: "#0a0a0a", minor_service_casing: "#141414", minor_casing: "#141414", link_casing: "#141414", major_casing_late: "#141414", highway_casing_late: "#141414", other: "#1f1f1f", minor_service: "#1f1f1f", minor_a: "#292929", minor_b: "#1f1f1f", link: "#1f1f1f", major_casing_early: "#141414", major: "#292929", highway_casing_early: "#141414", highway: "#292929", railway: "#292929", boundaries: "#707070", bridges_other_casing: "#141414", bridges_minor_casing: "#141414", bridges_link_casing: "#141414", bridges_major_casing: "#141414", bridges_highway_casing: "#141414", bridges_other: "#1f1f1f", bridges_minor: "#1f1f1f", bridges_link: "#292929", bridges_major: "#292929", bridges_highway: "#292929", roads_label_minor: "#525252", roads_label_minor_halo: "#141414", roads_label_major: "#5c5c5c", roads_label_major_halo: "#141414", ocean_label: "#707070", subplace_label: "#5c5c5c", subplace_label_halo: "#141414", city_label: "#999999", city_label_halo: "#141414", state_label: "#3d3d3d", state_label_halo: "#141414", country_label: "#707070", address_label: "#525252", address_label_halo: "#141414" };
  function C(a) {
    switch (a) {
      case "light":
        return m;
      case "dark":
        return b;
      case "white":
        return h;
      case "grayscale":
        return u;
      case "black":
        return y;
    }
    throw new Error("Flavor not found");
  }
  r(C, "namedFlavor");
  function R(a, e, n) {
    let i2 = [];
    return n != null && n.labelsOnly || (i2 = f(a, e)), n != null && n.lang && (i2 = i2.concat(p(a, e, n.lang))), i2;
  }
  r(R, "layers");

  // node_modules/color2k/dist/index.exports.import.es.mjs
  function guard(low, high, value) {
    return Math.min(Math.max(low, value), high);
  }
  var ColorError = class extends Error {
    constructor(color) {
      super(`Failed to parse color: "${color}"`);
    }
  };
  function parseToRgba(color) {
    if (typeof color !== "string") throw new ColorError(color);
    if (color.trim().toLowerCase() === "transparent") return [0, 0, 0, 0];
    let normalizedColor = color.trim();
    normalizedColor = namedColorRegex.test(color) ? nameToHex(color) : color;
    const reducedHexMatch = reducedHexRegex.exec(normalizedColor);
    if (reducedHexMatch) {
      const arr = Array.from(reducedHexMatch).slice(1);
      return [...arr.slice(0, 3).map((x2) => parseInt(r2(x2, 2), 16)), parseInt(r2(arr[3] || "f", 2), 16) / 255];
    }
    const hexMatch = hexRegex.exec(normalizedColor);
    if (hexMatch) {
      const arr = Array.from(hexMatch).slice(1);
      return [...arr.slice(0, 3).map((x2) => parseInt(x2, 16)), parseInt(arr[3] || "ff", 16) / 255];
    }
    const rgbaMatch = rgbaRegex.exec(normalizedColor);
    if (rgbaMatch) {
      const arr = Array.from(rgbaMatch).slice(1);
      return [...arr.slice(0, 3).map((x2) => parseInt(x2, 10)), parseFloat(arr[3] || "1")];
    }
    const hslaMatch = hslaRegex.exec(normalizedColor);
    if (hslaMatch) {
      const [h2, s2, l2, a] = Array.from(hslaMatch).slice(1).map(parseFloat);
      if (guard(0, 100, s2) !== s2) throw new ColorError(color);
      if (guard(0, 100, l2) !== l2) throw new ColorError(color);
      return [...hslToRgb(h2, s2, l2), Number.isNaN(a) ? 1 : a];
    }
    throw new ColorError(color);
  }
  function hash(str) {
    let hash2 = 5381;
    let i2 = str.length;
    while (i2) {
      hash2 = hash2 * 33 ^ str.charCodeAt(--i2);
    }
    return (hash2 >>> 0) % 2341;
  }
  var colorToInt = (x2) => parseInt(x2.replace(/_/g, ""), 36);
  var compressedColorMap = "1q29ehhb 1n09sgk7 1kl1ekf_ _yl4zsno 16z9eiv3 1p29lhp8 _bd9zg04 17u0____ _iw9zhe5 _to73___ _r45e31e _7l6g016 _jh8ouiv _zn3qba8 1jy4zshs 11u87k0u 1ro9yvyo 1aj3xael 1gz9zjz0 _3w8l4xo 1bf1ekf_ _ke3v___ _4rrkb__ 13j776yz _646mbhl _nrjr4__ _le6mbhl 1n37ehkb _m75f91n _qj3bzfz 1939yygw 11i5z6x8 _1k5f8xs 1509441m 15t5lwgf _ae2th1n _tg1ugcv 1lp1ugcv 16e14up_ _h55rw7n _ny9yavn _7a11xb_ 1ih442g9 _pv442g9 1mv16xof 14e6y7tu 1oo9zkds 17d1cisi _4v9y70f _y98m8kc 1019pq0v 12o9zda8 _348j4f4 1et50i2o _8epa8__ _ts6senj 1o350i2o 1mi9eiuo 1259yrp0 1ln80gnw _632xcoy 1cn9zldc _f29edu4 1n490c8q _9f9ziet 1b94vk74 _m49zkct 1kz6s73a 1eu9dtog _q58s1rz 1dy9sjiq __u89jo3 _aj5nkwg _ld89jo3 13h9z6wx _qa9z2ii _l119xgq _bs5arju 1hj4nwk9 1qt4nwk9 1ge6wau6 14j9zlcw 11p1edc_ _ms1zcxe _439shk6 _jt9y70f _754zsow 1la40eju _oq5p___ _x279qkz 1fa5r3rv _yd2d9ip _424tcku _8y1di2_ _zi2uabw _yy7rn9h 12yz980_ __39ljp6 1b59zg0x _n39zfzp 1fy9zest _b33k___ _hp9wq92 1il50hz4 _io472ub _lj9z3eo 19z9ykg0 _8t8iu3a 12b9bl4a 1ak5yw0o _896v4ku _tb8k8lv _s59zi6t _c09ze0p 1lg80oqn 1id9z8wb _238nba5 1kq6wgdi _154zssg _tn3zk49 _da9y6tc 1sg7cv4f _r12jvtt 1gq5fmkz 1cs9rvci _lp9jn1c _xw1tdnb 13f9zje6 16f6973h _vo7ir40 _bt5arjf _rc45e4t _hr4e100 10v4e100 _hc9zke2 _w91egv_ _sj2r1kk 13c87yx8 _vqpds__ _ni8ggk8 _tj9yqfb 1ia2j4r4 _7x9b10u 1fc9ld4j 1eq9zldr _5j9lhpx _ez9zl6o _md61fzm".split(" ").reduce((acc, next) => {
    const key = colorToInt(next.substring(0, 3));
    const hex = colorToInt(next.substring(3)).toString(16);
    let prefix = "";
    for (let i2 = 0; i2 < 6 - hex.length; i2++) {
      prefix += "0";
    }
    acc[key] = `${prefix}${hex}`;
    return acc;
  }, {});
  function nameToHex(color) {
    const normalizedColorName = color.toLowerCase().trim();
    const result = compressedColorMap[hash(normalizedColorName)];
    if (!result) throw new ColorError(color);
    return `#${result}`;
  }
  var r2 = (str, amount) => Array.from(Array(amount)).map(() => str).join("");
  var reducedHexRegex = new RegExp(`^#${r2("([a-f0-9])", 3)}([a-f0-9])?$`, "i");
  var hexRegex = new RegExp(`^#${r2("([a-f0-9]{2})", 3)}([a-f0-9]{2})?$`, "i");
  var rgbaRegex = new RegExp(`^rgba?\\(\\s*(\\d+)\\s*${r2(",\\s*(\\d+)\\s*", 2)}(?:,\\s*([\\d.]+))?\\s*\\)$`, "i");
  var hslaRegex = /^hsla?\(\s*([\d.]+)\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%(?:\s*,\s*([\d.]+))?\s*\)$/i;
  var namedColorRegex = /^[a-z]+$/i;
  var roundColor = (color) => {
    return Math.round(color * 255);
  };
  var hslToRgb = (hue, saturation, lightness) => {
    let l2 = lightness / 100;
    if (saturation === 0) {
      return [l2, l2, l2].map(roundColor);
    }
    const huePrime = (hue % 360 + 360) % 360 / 60;
    const chroma = (1 - Math.abs(2 * l2 - 1)) * (saturation / 100);
    const secondComponent = chroma * (1 - Math.abs(huePrime % 2 - 1));
    let red = 0;
    let green = 0;
    let blue = 0;
    if (huePrime >= 0 && huePrime < 1) {
      red = chroma;
      green = secondComponent;
    } else if (huePrime >= 1 && huePrime < 2) {
      red = secondComponent;
      green = chroma;
    } else if (huePrime >= 2 && huePrime < 3) {
      green = chroma;
      blue = secondComponent;
    } else if (huePrime >= 3 && huePrime < 4) {
      green = secondComponent;
      blue = chroma;
    } else if (huePrime >= 4 && huePrime < 5) {
      red = secondComponent;
      blue = chroma;
    } else if (huePrime >= 5 && huePrime < 6) {
      red = chroma;
      blue = secondComponent;
    }
    const lightnessModification = l2 - chroma / 2;
    const finalRed = red + lightnessModification;
    const finalGreen = green + lightnessModification;
    const finalBlue = blue + lightnessModification;
    return [finalRed, finalGreen, finalBlue].map(roundColor);
  };
  function rgba(red, green, blue, alpha) {
    return `rgba(${guard(0, 255, red).toFixed()}, ${guard(0, 255, green).toFixed()}, ${guard(0, 255, blue).toFixed()}, ${parseFloat(guard(0, 1, alpha).toFixed(3))})`;
  }
  function mix(color1, color2, weight) {
    const normalize = (n, index) => (
      // 3rd index is alpha channel which is already normalized
      index === 3 ? n : n / 255
    );
    const [r1, g1, b1, a1] = parseToRgba(color1).map(normalize);
    const [r22, g2, b2, a2] = parseToRgba(color2).map(normalize);
    const alphaDelta = a2 - a1;
    const normalizedWeight = weight * 2 - 1;
    const combinedWeight = normalizedWeight * alphaDelta === -1 ? normalizedWeight : normalizedWeight + alphaDelta / (1 + normalizedWeight * alphaDelta);
    const weight2 = (combinedWeight + 1) / 2;
    const weight1 = 1 - weight2;
    const r3 = (r1 * weight1 + r22 * weight2) * 255;
    const g3 = (g1 * weight1 + g2 * weight2) * 255;
    const b3 = (b1 * weight1 + b2 * weight2) * 255;
    const a = a2 * weight + a1 * (1 - weight);
    return rgba(r3, g3, b3, a);
  }

  // node_modules/@mapbox/vector-tile/index.js
  var VectorTileFeature = class {
    /**
     * @param {Pbf} pbf
     * @param {number} end
     * @param {number} extent
     * @param {string[]} keys
     * @param {(number | string | boolean)[]} values
     */
    constructor(pbf, end, extent, keys, values) {
      this.properties = /* @__PURE__ */ Object.create(null);
      this.extent = extent;
      this.type = 0;
      this.id = void 0;
      this._pbf = pbf;
      this._geometry = -1;
      this._keys = keys;
      this._values = values;
      while (pbf.pos < end) {
        const tag2 = pbf.readVarint();
        if (tag2 === 8) this.id = pbf.readVarint();
        else if (tag2 === 18) {
          const tagsEnd = pbf.readVarint() + pbf.pos;
          while (pbf.pos < tagsEnd) {
            const key = keys[pbf.readVarint()];
            const value = values[pbf.readVarint()];
            this.properties[key] = value;
          }
        } else if (tag2 === 24) this.type = /** @type {0 | 1 | 2 | 3} */
        pbf.readVarint();
        else if (tag2 === 34) {
          this._geometry = pbf.pos;
          pbf.skip(tag2);
        } else pbf.skip(tag2);
      }
    }
    loadGeometry() {
      if (this._geometry < 0) throw new Error("feature has no geometry");
      const pbf = this._pbf;
      pbf.pos = this._geometry;
      const end = pbf.readVarint() + pbf.pos;
      const lines = [];
      let line;
      let cmd = 1;
      let length = 0;
      let x2 = 0;
      let y2 = 0;
      while (pbf.pos < end) {
        if (length <= 0) {
          const cmdLen = pbf.readVarint();
          cmd = cmdLen & 7;
          length = cmdLen >> 3;
          if (length === 0) continue;
        }
        length--;
        if (cmd === 1) {
          x2 += pbf.readSVarint();
          y2 += pbf.readSVarint();
          if (line) lines.push(line);
          line = [new Point(x2, y2)];
        } else if (cmd === 2) {
          x2 += pbf.readSVarint();
          y2 += pbf.readSVarint();
          if (line) line.push(new Point(x2, y2));
        } else if (cmd === 7) {
          if (line) {
            line.push(line[0].clone());
          }
        } else {
          throw new Error(`unknown command ${cmd}`);
        }
      }
      if (line) lines.push(line);
      return lines;
    }
    bbox() {
      if (this._geometry < 0) throw new Error("feature has no geometry");
      const pbf = this._pbf;
      pbf.pos = this._geometry;
      const end = pbf.readVarint() + pbf.pos;
      let cmd = 1, length = 0, x2 = 0, y2 = 0, x1 = Infinity, x22 = -Infinity, y1 = Infinity, y22 = -Infinity;
      while (pbf.pos < end) {
        if (length <= 0) {
          const cmdLen = pbf.readVarint();
          cmd = cmdLen & 7;
          length = cmdLen >> 3;
          if (length === 0) continue;
        }
        length--;
        if (cmd === 1 || cmd === 2) {
          x2 += pbf.readSVarint();
          y2 += pbf.readSVarint();
          if (x2 < x1) x1 = x2;
          if (x2 > x22) x22 = x2;
          if (y2 < y1) y1 = y2;
          if (y2 > y22) y22 = y2;
        } else if (cmd !== 7) {
          throw new Error(`unknown command ${cmd}`);
        }
      }
      return [x1, y1, x22, y22];
    }
    /**
     * @param {number} x
     * @param {number} y
     * @param {number} z
     * @return {Feature}
     */
    toGeoJSON(x2, y2, z) {
      const size = this.extent * Math.pow(2, z), x0 = this.extent * x2, y0 = this.extent * y2, vtCoords = this.loadGeometry();
      function projectPoint(p2) {
        return [
          (p2.x + x0) * 360 / size - 180,
          360 / Math.PI * Math.atan(Math.exp((1 - (p2.y + y0) * 2 / size) * Math.PI)) - 90
        ];
      }
      function projectLine(line) {
        return line.map(projectPoint);
      }
      let geometry;
      if (this.type === 1) {
        const points = [];
        for (const line of vtCoords) {
          points.push(line[0]);
        }
        const coordinates = projectLine(points);
        geometry = points.length === 1 ? { type: "Point", coordinates: coordinates[0] } : { type: "MultiPoint", coordinates };
      } else if (this.type === 2) {
        const coordinates = vtCoords.map(projectLine);
        geometry = coordinates.length === 1 ? { type: "LineString", coordinates: coordinates[0] } : { type: "MultiLineString", coordinates };
      } else if (this.type === 3) {
        const polygons = classifyRings(vtCoords);
        const coordinates = [];
        for (const polygon of polygons) {
          coordinates.push(polygon.map(projectLine));
        }
        geometry = coordinates.length === 1 ? { type: "Polygon", coordinates: coordinates[0] } : { type: "MultiPolygon", coordinates };
      } else {
        throw new Error("unknown feature type");
      }
      const result = {
        type: "Feature",
        geometry,
        properties: this.properties
      };
      if (this.id != null) {
        result.id = this.id;
      }
      return result;
    }
  };
  VectorTileFeature.types = ["Unknown", "Point", "LineString", "Polygon"];
  function classifyRings(rings) {
    const len = rings.length;
    if (len <= 1) return [rings];
    const polygons = [];
    let polygon, ccw;
    for (let i2 = 0; i2 < len; i2++) {
      const area = signedArea(rings[i2]);
      if (area === 0) continue;
      if (ccw === void 0) ccw = area < 0;
      if (ccw === area < 0) {
        if (polygon) polygons.push(polygon);
        polygon = [rings[i2]];
      } else if (polygon) {
        polygon.push(rings[i2]);
      }
    }
    if (polygon) polygons.push(polygon);
    return polygons;
  }
  function signedArea(ring) {
    let sum = 0;
    for (let i2 = 0, len = ring.length, j2 = len - 1, p1, p2; i2 < len; j2 = i2++) {
      p1 = ring[i2];
      p2 = ring[j2];
      sum += (p2.x - p1.x) * (p1.y + p2.y);
    }
    return sum;
  }
  var VectorTileLayer = class {
    /**
     * @param {Pbf} pbf
     * @param {number} [end]
     */
    constructor(pbf, end) {
      this.version = 1;
      this.name = "";
      this.extent = 4096;
      this.length = 0;
      this._pbf = pbf;
      this._keys = [];
      this._values = [];
      this._features = [];
      if (end === void 0) end = pbf.length;
      while (pbf.pos < end) {
        const tag2 = pbf.readVarint();
        if (tag2 === 10) this.name = pbf.readString();
        else if (tag2 === 18) {
          this._features.push(pbf.pos);
          pbf.skip(tag2);
        } else if (tag2 === 26) this._keys.push(pbf.readString());
        else if (tag2 === 34) this._values.push(readValueMessage(pbf));
        else if (tag2 === 40) this.extent = pbf.readVarint();
        else if (tag2 === 120) this.version = pbf.readVarint();
        else pbf.skip(tag2);
      }
      this.length = this._features.length;
    }
    /** return feature `i` from this layer as a `VectorTileFeature`
     * @param {number} i
     */
    feature(i2) {
      if (i2 < 0 || i2 >= this._features.length) throw new Error("feature index out of bounds");
      this._pbf.pos = this._features[i2];
      const end = this._pbf.readVarint() + this._pbf.pos;
      return new VectorTileFeature(this._pbf, end, this.extent, this._keys, this._values);
    }
  };
  function readValueMessage(pbf) {
    let value = null;
    const end = pbf.readVarint() + pbf.pos;
    while (pbf.pos < end) {
      const tag2 = pbf.readVarint();
      value = tag2 === 10 ? pbf.readString() : tag2 === 21 ? pbf.readFloat() : tag2 === 25 ? pbf.readDouble() : tag2 === 32 ? pbf.readVarint64() : tag2 === 40 ? pbf.readVarint() : tag2 === 48 ? pbf.readSVarint() : tag2 === 56 ? pbf.readBoolean() : (pbf.skip(tag2), null);
    }
    if (value == null) {
      throw new Error("unknown feature value");
    }
    return value;
  }
  var VectorTile = class {
    /**
     * @param {Pbf} pbf
     * @param {number} [end]
     */
    constructor(pbf, end = pbf.length) {
      const layers2 = /* @__PURE__ */ Object.create(null);
      while (pbf.pos < end) {
        const tag2 = pbf.readVarint();
        if (tag2 === 26) {
          const layer = new VectorTileLayer(pbf, pbf.readVarint() + pbf.pos);
          if (layer.length) layers2[layer.name] = layer;
        } else pbf.skip(tag2);
      }
      this.layers = layers2;
    }
  };

  // node_modules/pbf/index.js
  var SHIFT_LEFT_32 = (1 << 16) * (1 << 16);
  var SHIFT_RIGHT_32 = 1 / SHIFT_LEFT_32;
  var TEXT_DECODER_MIN_LENGTH = 12;
  var utf8TextDecoder = typeof TextDecoder === "undefined" ? null : new TextDecoder("utf-8");
  var PBF_VARINT = 0;
  var PBF_FIXED64 = 1;
  var PBF_BYTES = 2;
  var PBF_FIXED32 = 5;
  var Pbf = class {
    /**
     * @param {Uint8Array | ArrayBuffer} [buf]
     */
    constructor(buf = new Uint8Array(16)) {
      this.buf = ArrayBuffer.isView(buf) ? buf : new Uint8Array(buf);
      this.dataView = new DataView(this.buf.buffer);
      this.pos = 0;
      this.type = 0;
      this.length = this.buf.length;
    }
    // === READING =================================================================
    /**
     * @template T
     * @param {(tag: number, result: T, pbf: Pbf) => void} readField
     * @param {T} result
     * @param {number} [end]
     */
    readFields(readField, result, end = this.length) {
      while (this.pos < end) {
        const val = this.readVarint(), tag2 = val >> 3, startPos = this.pos;
        this.type = val & 7;
        readField(tag2, result, this);
        if (this.pos === startPos) this.skip(val);
      }
      return result;
    }
    /**
     * @template T
     * @param {(tag: number, result: T, pbf: Pbf) => void} readField
     * @param {T} result
     */
    readMessage(readField, result) {
      return this.readFields(readField, result, this.readVarint() + this.pos);
    }
    readFixed32() {
      const val = this.dataView.getUint32(this.pos, true);
      this.pos += 4;
      return val;
    }
    readSFixed32() {
      const val = this.dataView.getInt32(this.pos, true);
      this.pos += 4;
      return val;
    }
    // 64-bit int handling is based on github.com/dpw/node-buffer-more-ints (MIT-licensed)
    readFixed64() {
      const val = this.dataView.getUint32(this.pos, true) + this.dataView.getUint32(this.pos + 4, true) * SHIFT_LEFT_32;
      this.pos += 8;
      return val;
    }
    readSFixed64() {
      const val = this.dataView.getUint32(this.pos, true) + this.dataView.getInt32(this.pos + 4, true) * SHIFT_LEFT_32;
      this.pos += 8;
      return val;
    }
    readFloat() {
      const val = this.dataView.getFloat32(this.pos, true);
      this.pos += 4;
      return val;
    }
    readDouble() {
      const val = this.dataView.getFloat64(this.pos, true);
      this.pos += 8;
      return val;
    }
    /**
     * @param {boolean} [isSigned]
     */
    readVarint(isSigned) {
      const buf = this.buf;
      let val, b2;
      b2 = buf[this.pos++];
      val = b2 & 127;
      if (b2 < 128) return val;
      b2 = buf[this.pos++];
      val |= (b2 & 127) << 7;
      if (b2 < 128) return val;
      b2 = buf[this.pos++];
      val |= (b2 & 127) << 14;
      if (b2 < 128) return val;
      b2 = buf[this.pos++];
      val |= (b2 & 127) << 21;
      if (b2 < 128) return val;
      b2 = buf[this.pos];
      val |= (b2 & 15) << 28;
      return readVarintRemainder2(val, isSigned, this);
    }
    readVarint64() {
      return this.readVarint(true);
    }
    readSVarint() {
      const num = this.readVarint();
      return num % 2 === 1 ? (num + 1) / -2 : num / 2;
    }
    readBoolean() {
      return Boolean(this.readVarint());
    }
    readString() {
      const end = this.readVarint() + this.pos;
      const pos = this.pos;
      this.pos = end;
      if (end - pos >= TEXT_DECODER_MIN_LENGTH && utf8TextDecoder) {
        return utf8TextDecoder.decode(this.buf.subarray(pos, end));
      }
      return readUtf8(this.buf, pos, end);
    }
    readBytes() {
      const end = this.readVarint() + this.pos, buffer = this.buf.subarray(this.pos, end);
      this.pos = end;
      return buffer;
    }
    // verbose for performance reasons; doesn't affect gzipped size
    /**
     * @param {number[]} [arr]
     * @param {boolean} [isSigned]
     */
    readPackedVarint(arr = [], isSigned) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readVarint(isSigned));
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedSVarint(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readSVarint());
      return arr;
    }
    /** @param {boolean[]} [arr] */
    readPackedBoolean(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readBoolean());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedFloat(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readFloat());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedDouble(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readDouble());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedFixed32(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readFixed32());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedSFixed32(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readSFixed32());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedFixed64(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readFixed64());
      return arr;
    }
    /** @param {number[]} [arr] */
    readPackedSFixed64(arr = []) {
      const end = this.readPackedEnd();
      while (this.pos < end) arr.push(this.readSFixed64());
      return arr;
    }
    readPackedEnd() {
      return this.type === PBF_BYTES ? this.readVarint() + this.pos : this.pos + 1;
    }
    /** @param {number} val */
    skip(val) {
      const type = val & 7;
      if (type === PBF_VARINT) while (this.buf[this.pos++] > 127) {
      }
      else if (type === PBF_BYTES) this.pos = this.readVarint() + this.pos;
      else if (type === PBF_FIXED32) this.pos += 4;
      else if (type === PBF_FIXED64) this.pos += 8;
      else throw new Error(`Unimplemented type: ${type}`);
    }
    // === WRITING =================================================================
    /**
     * @param {number} tag
     * @param {number} type
     */
    writeTag(tag2, type) {
      this.writeVarint(tag2 << 3 | type);
    }
    /** @param {number} min */
    realloc(min) {
      let length = this.length || 16;
      while (length < this.pos + min) length *= 2;
      if (length !== this.length) {
        const buf = new Uint8Array(length);
        buf.set(this.buf);
        this.buf = buf;
        this.dataView = new DataView(buf.buffer);
        this.length = length;
      }
    }
    finish() {
      this.length = this.pos;
      this.pos = 0;
      return this.buf.subarray(0, this.length);
    }
    /** @param {number} val */
    writeFixed32(val) {
      this.realloc(4);
      this.dataView.setInt32(this.pos, val, true);
      this.pos += 4;
    }
    /** @param {number} val */
    writeSFixed32(val) {
      this.realloc(4);
      this.dataView.setInt32(this.pos, val, true);
      this.pos += 4;
    }
    /** @param {number} val */
    writeFixed64(val) {
      this.realloc(8);
      this.dataView.setInt32(this.pos, val & -1, true);
      this.dataView.setInt32(this.pos + 4, Math.floor(val * SHIFT_RIGHT_32), true);
      this.pos += 8;
    }
    /** @param {number} val */
    writeSFixed64(val) {
      this.realloc(8);
      this.dataView.setInt32(this.pos, val & -1, true);
      this.dataView.setInt32(this.pos + 4, Math.floor(val * SHIFT_RIGHT_32), true);
      this.pos += 8;
    }
    /** @param {number} val */
    writeVarint(val) {
      val = +val || 0;
      if (val > 268435455 || val < 0) {
        writeBigVarint(val, this);
        return;
      }
      this.realloc(4);
      this.buf[this.pos++] = val & 127 | (val > 127 ? 128 : 0);
      if (val <= 127) return;
      this.buf[this.pos++] = (val >>>= 7) & 127 | (val > 127 ? 128 : 0);
      if (val <= 127) return;
      this.buf[this.pos++] = (val >>>= 7) & 127 | (val > 127 ? 128 : 0);
      if (val <= 127) return;
      this.buf[this.pos++] = val >>> 7 & 127;
    }
    /** @param {number} val */
    writeSVarint(val) {
      this.writeVarint(val < 0 ? -val * 2 - 1 : val * 2);
    }
    /** @param {boolean} val */
    writeBoolean(val) {
      this.writeVarint(+val);
    }
    /** @param {string} str */
    writeString(str) {
      str = String(str);
      this.realloc(str.length * 4);
      this.pos++;
      const startPos = this.pos;
      this.pos = writeUtf8(this.buf, str, this.pos);
      const len = this.pos - startPos;
      if (len >= 128) makeRoomForExtraLength(startPos, len, this);
      this.pos = startPos - 1;
      this.writeVarint(len);
      this.pos += len;
    }
    /** @param {number} val */
    writeFloat(val) {
      this.realloc(4);
      this.dataView.setFloat32(this.pos, val, true);
      this.pos += 4;
    }
    /** @param {number} val */
    writeDouble(val) {
      this.realloc(8);
      this.dataView.setFloat64(this.pos, val, true);
      this.pos += 8;
    }
    /** @param {Uint8Array} buffer */
    writeBytes(buffer) {
      const len = buffer.length;
      this.writeVarint(len);
      this.realloc(len);
      for (let i2 = 0; i2 < len; i2++) this.buf[this.pos++] = buffer[i2];
    }
    /**
     * @template T
     * @param {(obj: T, pbf: Pbf) => void} fn
     * @param {T} obj
     */
    writeRawMessage(fn, obj) {
      this.pos++;
      const startPos = this.pos;
      fn(obj, this);
      const len = this.pos - startPos;
      if (len >= 128) makeRoomForExtraLength(startPos, len, this);
      this.pos = startPos - 1;
      this.writeVarint(len);
      this.pos += len;
    }
    /**
     * @template T
     * @param {number} tag
     * @param {(obj: T, pbf: Pbf) => void} fn
     * @param {T} obj
     */
    writeMessage(tag2, fn, obj) {
      this.writeTag(tag2, PBF_BYTES);
      this.writeRawMessage(fn, obj);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedVarint(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedVarint, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedSVarint(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedSVarint, arr);
    }
    /**
     * @param {number} tag
     * @param {boolean[]} arr
     */
    writePackedBoolean(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedBoolean, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedFloat(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedFloat, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedDouble(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedDouble, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedFixed32(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedFixed32, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedSFixed32(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedSFixed32, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedFixed64(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedFixed64, arr);
    }
    /**
     * @param {number} tag
     * @param {number[]} arr
     */
    writePackedSFixed64(tag2, arr) {
      if (arr.length) this.writeMessage(tag2, writePackedSFixed64, arr);
    }
    /**
     * @param {number} tag
     * @param {Uint8Array} buffer
     */
    writeBytesField(tag2, buffer) {
      this.writeTag(tag2, PBF_BYTES);
      this.writeBytes(buffer);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeFixed32Field(tag2, val) {
      this.writeTag(tag2, PBF_FIXED32);
      this.writeFixed32(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeSFixed32Field(tag2, val) {
      this.writeTag(tag2, PBF_FIXED32);
      this.writeSFixed32(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeFixed64Field(tag2, val) {
      this.writeTag(tag2, PBF_FIXED64);
      this.writeFixed64(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeSFixed64Field(tag2, val) {
      this.writeTag(tag2, PBF_FIXED64);
      this.writeSFixed64(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeVarintField(tag2, val) {
      this.writeTag(tag2, PBF_VARINT);
      this.writeVarint(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeSVarintField(tag2, val) {
      this.writeTag(tag2, PBF_VARINT);
      this.writeSVarint(val);
    }
    /**
     * @param {number} tag
     * @param {string} str
     */
    writeStringField(tag2, str) {
      this.writeTag(tag2, PBF_BYTES);
      this.writeString(str);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeFloatField(tag2, val) {
      this.writeTag(tag2, PBF_FIXED32);
      this.writeFloat(val);
    }
    /**
     * @param {number} tag
     * @param {number} val
     */
    writeDoubleField(tag2, val) {
      this.writeTag(tag2, PBF_FIXED64);
      this.writeDouble(val);
    }
    /**
     * @param {number} tag
     * @param {boolean} val
     */
    writeBooleanField(tag2, val) {
      this.writeVarintField(tag2, +val);
    }
  };
  function readVarintRemainder2(l2, s2, p2) {
    const buf = p2.buf;
    let h2, b2;
    b2 = buf[p2.pos++];
    h2 = (b2 & 112) >> 4;
    if (b2 < 128) return toNum2(l2, h2, s2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 3;
    if (b2 < 128) return toNum2(l2, h2, s2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 10;
    if (b2 < 128) return toNum2(l2, h2, s2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 17;
    if (b2 < 128) return toNum2(l2, h2, s2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 127) << 24;
    if (b2 < 128) return toNum2(l2, h2, s2);
    b2 = buf[p2.pos++];
    h2 |= (b2 & 1) << 31;
    if (b2 < 128) return toNum2(l2, h2, s2);
    throw new Error("Expected varint not more than 10 bytes");
  }
  function toNum2(low, high, isSigned) {
    return isSigned ? high * 4294967296 + (low >>> 0) : (high >>> 0) * 4294967296 + (low >>> 0);
  }
  function writeBigVarint(val, pbf) {
    let low, high;
    if (val >= 0) {
      low = val % 4294967296 | 0;
      high = val / 4294967296 | 0;
    } else {
      low = ~(-val % 4294967296);
      high = ~(-val / 4294967296);
      if (low ^ 4294967295) {
        low = low + 1 | 0;
      } else {
        low = 0;
        high = high + 1 | 0;
      }
    }
    if (val >= 18446744073709552e3 || val < -18446744073709552e3) {
      throw new Error("Given varint doesn't fit into 10 bytes");
    }
    pbf.realloc(10);
    writeBigVarintLow(low, high, pbf);
    writeBigVarintHigh(high, pbf);
  }
  function writeBigVarintLow(low, high, pbf) {
    pbf.buf[pbf.pos++] = low & 127 | 128;
    low >>>= 7;
    pbf.buf[pbf.pos++] = low & 127 | 128;
    low >>>= 7;
    pbf.buf[pbf.pos++] = low & 127 | 128;
    low >>>= 7;
    pbf.buf[pbf.pos++] = low & 127 | 128;
    low >>>= 7;
    pbf.buf[pbf.pos] = low & 127;
  }
  function writeBigVarintHigh(high, pbf) {
    const lsb = (high & 7) << 4;
    pbf.buf[pbf.pos++] |= lsb | ((high >>>= 3) ? 128 : 0);
    if (!high) return;
    pbf.buf[pbf.pos++] = high & 127 | ((high >>>= 7) ? 128 : 0);
    if (!high) return;
    pbf.buf[pbf.pos++] = high & 127 | ((high >>>= 7) ? 128 : 0);
    if (!high) return;
    pbf.buf[pbf.pos++] = high & 127 | ((high >>>= 7) ? 128 : 0);
    if (!high) return;
    pbf.buf[pbf.pos++] = high & 127 | ((high >>>= 7) ? 128 : 0);
    if (!high) return;
    pbf.buf[pbf.pos++] = high & 127;
  }
  function makeRoomForExtraLength(startPos, len, pbf) {
    const extraLen = len <= 16383 ? 1 : len <= 2097151 ? 2 : len <= 268435455 ? 3 : Math.floor(Math.log(len) / (Math.LN2 * 7));
    pbf.realloc(extraLen);
    for (let i2 = pbf.pos - 1; i2 >= startPos; i2--) pbf.buf[i2 + extraLen] = pbf.buf[i2];
  }
  function writePackedVarint(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeVarint(arr[i2]);
  }
  function writePackedSVarint(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeSVarint(arr[i2]);
  }
  function writePackedFloat(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeFloat(arr[i2]);
  }
  function writePackedDouble(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeDouble(arr[i2]);
  }
  function writePackedBoolean(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeBoolean(arr[i2]);
  }
  function writePackedFixed32(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeFixed32(arr[i2]);
  }
  function writePackedSFixed32(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeSFixed32(arr[i2]);
  }
  function writePackedFixed64(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeFixed64(arr[i2]);
  }
  function writePackedSFixed64(arr, pbf) {
    for (let i2 = 0; i2 < arr.length; i2++) pbf.writeSFixed64(arr[i2]);
  }
  function readUtf8(buf, pos, end) {
    let str = "";
    let i2 = pos;
    while (i2 < end) {
      const b0 = buf[i2];
      let c2 = null;
      let bytesPerSequence = b0 > 239 ? 4 : b0 > 223 ? 3 : b0 > 191 ? 2 : 1;
      if (i2 + bytesPerSequence > end) break;
      let b1, b2, b3;
      if (bytesPerSequence === 1) {
        if (b0 < 128) {
          c2 = b0;
        }
      } else if (bytesPerSequence === 2) {
        b1 = buf[i2 + 1];
        if ((b1 & 192) === 128) {
          c2 = (b0 & 31) << 6 | b1 & 63;
          if (c2 <= 127) {
            c2 = null;
          }
        }
      } else if (bytesPerSequence === 3) {
        b1 = buf[i2 + 1];
        b2 = buf[i2 + 2];
        if ((b1 & 192) === 128 && (b2 & 192) === 128) {
          c2 = (b0 & 15) << 12 | (b1 & 63) << 6 | b2 & 63;
          if (c2 <= 2047 || c2 >= 55296 && c2 <= 57343) {
            c2 = null;
          }
        }
      } else if (bytesPerSequence === 4) {
        b1 = buf[i2 + 1];
        b2 = buf[i2 + 2];
        b3 = buf[i2 + 3];
        if ((b1 & 192) === 128 && (b2 & 192) === 128 && (b3 & 192) === 128) {
          c2 = (b0 & 15) << 18 | (b1 & 63) << 12 | (b2 & 63) << 6 | b3 & 63;
          if (c2 <= 65535 || c2 >= 1114112) {
            c2 = null;
          }
        }
      }
      if (c2 === null) {
        c2 = 65533;
        bytesPerSequence = 1;
      } else if (c2 > 65535) {
        c2 -= 65536;
        str += String.fromCharCode(c2 >>> 10 & 1023 | 55296);
        c2 = 56320 | c2 & 1023;
      }
      str += String.fromCharCode(c2);
      i2 += bytesPerSequence;
    }
    return str;
  }
  function writeUtf8(buf, str, pos) {
    for (let i2 = 0, c2, lead; i2 < str.length; i2++) {
      c2 = str.charCodeAt(i2);
      if (c2 > 55295 && c2 < 57344) {
        if (lead) {
          if (c2 < 56320) {
            buf[pos++] = 239;
            buf[pos++] = 191;
            buf[pos++] = 189;
            lead = c2;
            continue;
          } else {
            c2 = lead - 55296 << 10 | c2 - 56320 | 65536;
            lead = null;
          }
        } else {
          if (c2 > 56319 || i2 + 1 === str.length) {
            buf[pos++] = 239;
            buf[pos++] = 191;
            buf[pos++] = 189;
          } else {
            lead = c2;
          }
          continue;
        }
      } else if (lead) {
        buf[pos++] = 239;
        buf[pos++] = 191;
        buf[pos++] = 189;
        lead = null;
      }
      if (c2 < 128) {
        buf[pos++] = c2;
      } else {
        if (c2 < 2048) {
          buf[pos++] = c2 >> 6 | 192;
        } else {
          if (c2 < 65536) {
            buf[pos++] = c2 >> 12 | 224;
          } else {
            buf[pos++] = c2 >> 18 | 240;
            buf[pos++] = c2 >> 12 & 63 | 128;
          }
          buf[pos++] = c2 >> 6 & 63 | 128;
        }
        buf[pos++] = c2 & 63 | 128;
      }
    }
    return pos;
  }

  // node_modules/protomaps-leaflet/dist/esm/index.js
  var import_rbush = __toESM(require_rbush_min(), 1);

  // node_modules/potpack/index.mjs
  function potpack(boxes) {
    let area = 0;
    let maxWidth = 0;
    for (const box of boxes) {
      area += box.w * box.h;
      maxWidth = Math.max(maxWidth, box.w);
    }
    boxes.sort((a, b2) => b2.h - a.h);
    const startWidth = Math.max(Math.ceil(Math.sqrt(area / 0.95)), maxWidth);
    const spaces = [{ x: 0, y: 0, w: startWidth, h: Infinity }];
    let width = 0;
    let height = 0;
    for (const box of boxes) {
      for (let i2 = spaces.length - 1; i2 >= 0; i2--) {
        const space = spaces[i2];
        if (box.w > space.w || box.h > space.h) continue;
        box.x = space.x;
        box.y = space.y;
        height = Math.max(height, box.y + box.h);
        width = Math.max(width, box.x + box.w);
        if (box.w === space.w && box.h === space.h) {
          const last = spaces.pop();
          if (i2 < spaces.length) spaces[i2] = last;
        } else if (box.h === space.h) {
          space.x += box.w;
          space.w -= box.w;
        } else if (box.w === space.w) {
          space.y += box.h;
          space.h -= box.h;
        } else {
          spaces.push({
            x: space.x + box.w,
            y: space.y,
            w: space.w - box.w,
            h: box.h
          });
          space.y += box.h;
          space.h -= box.h;
        }
        break;
      }
    }
    return {
      w: width,
      // container width
      h: height,
      // container height
      fill: area / (width * height) || 0
      // space utilization
    };
  }

  // node_modules/protomaps-leaflet/dist/esm/index.js
  var bt = Object.defineProperty;
  var S = Math.pow;
  var u2 = (s2, e) => bt(s2, "name", { value: e, configurable: true });
  var O = (s2, e, t2) => new Promise((r3, n) => {
    var i2 = (a) => {
      try {
        l2(t2.next(a));
      } catch (c2) {
        n(c2);
      }
    }, o2 = (a) => {
      try {
        l2(t2.throw(a));
      } catch (c2) {
        n(c2);
      }
    }, l2 = (a) => a.done ? r3(a.value) : Promise.resolve(a.value).then(i2, o2);
    l2((t2 = t2.apply(s2, e)).next());
  });
  var de = class de2 {
    constructor(e, t2) {
      this.str = e != null ? e : t2, this.perFeature = typeof this.str == "function" && this.str.length === 2;
    }
    get(e, t2) {
      return typeof this.str == "function" ? this.str(e, t2) : this.str;
    }
  };
  u2(de, "StringAttr");
  var M = de;
  var he = class he2 {
    constructor(e, t2 = 1) {
      this.value = e != null ? e : t2, this.perFeature = typeof this.value == "function" && this.value.length === 2;
    }
    get(e, t2) {
      return typeof this.value == "function" ? this.value(e, t2) : this.value;
    }
  };
  u2(he, "NumberAttr");
  var v = he;
  var be = class be2 {
    constructor(e) {
      var t2;
      this.labelProps = (t2 = e == null ? void 0 : e.labelProps) != null ? t2 : ["name"], this.textTransform = e == null ? void 0 : e.textTransform;
    }
    get(e, t2) {
      let r3, n;
      typeof this.labelProps == "function" ? n = this.labelProps(e, t2) : n = this.labelProps;
      for (let o2 of n) if (Object.prototype.hasOwnProperty.call(t2.props, o2) && typeof t2.props[o2] == "string") {
        r3 = t2.props[o2];
        break;
      }
      let i2;
      return typeof this.textTransform == "function" ? i2 = this.textTransform(e, t2) : i2 = this.textTransform, r3 && i2 === "uppercase" ? r3 = r3.toUpperCase() : r3 && i2 === "lowercase" ? r3 = r3.toLowerCase() : r3 && i2 === "capitalize" && (r3 = r3.toLowerCase().split(" ").map((a) => a[0].toUpperCase() + a.slice(1)).join(" ")), r3;
    }
  };
  u2(be, "TextAttr");
  var N = be;
  var pe = class pe2 {
    constructor(e) {
      var t2, r3;
      e != null && e.font ? this.font = e.font : (this.family = (t2 = e == null ? void 0 : e.fontFamily) != null ? t2 : "sans-serif", this.size = (r3 = e == null ? void 0 : e.fontSize) != null ? r3 : 12, this.weight = e == null ? void 0 : e.fontWeight, this.style = e == null ? void 0 : e.fontStyle);
    }
    get(e, t2) {
      if (this.font) return typeof this.font == "function" ? this.font(e, t2) : this.font;
      let r3 = "";
      this.style && (typeof this.style == "function" ? r3 = `${this.style(e, t2)} ` : r3 = `${this.style} `);
      let n = "";
      this.weight && (typeof this.weight == "function" ? n = `${this.weight(e, t2)} ` : n = `${this.weight} `);
      let i2;
      typeof this.size == "function" ? i2 = this.size(e, t2) : i2 = this.size;
      let o2;
      return typeof this.family == "function" ? o2 = this.family(e, t2) : o2 = this.family, `${r3}${n}${i2}px ${o2}`;
    }
  };
  u2(pe, "FontAttr");
  var E = pe;
  var xe = class xe2 {
    constructor(e, t2 = []) {
      this.value = e != null ? e : t2, this.perFeature = typeof this.value == "function" && this.value.length === 2;
    }
    get(e, t2) {
      return typeof this.value == "function" ? this.value(e, t2) : this.value;
    }
  };
  u2(xe, "ArrayAttr");
  var K = xe;
  var pt = u2((s2, e, t2) => {
    let r3 = [], n, i2, o2, l2 = 0, a = 0, c2 = 0, m2 = 0, d2 = 0, f2 = 0, b2 = 0, x2 = 0, g2 = 0, w = 0, k2 = 0, p2 = 0;
    if (s2.length < 2) return [];
    if (s2.length === 2) return c2 = Math.sqrt(S(s2[1].x - s2[0].x, 2) + S(s2[1].y - s2[0].y, 2)), [{ length: c2, beginIndex: 0, beginDistance: 0, endIndex: 2, endDistance: c2 }];
    for (m2 = Math.sqrt(S(s2[1].x - s2[0].x, 2) + S(s2[1].y - s2[0].y, 2)), l2 = 1, a = s2.length - 1; l2 < a; l2++) n = s2[l2 - 1], i2 = s2[l2], o2 = s2[l2 + 1], f2 = i2.x - n.x, b2 = i2.y - n.y, x2 = o2.x - i2.x, g2 = o2.y - i2.y, d2 = Math.sqrt(x2 * x2 + g2 * g2), c2 += m2, w = Math.acos((f2 * x2 + b2 * g2) / (m2 * d2)), (w > e || c2 - p2 > t2) && (r3.push({ length: c2 - p2, beginDistance: p2, beginIndex: k2, endIndex: l2 + 1, endDistance: c2 }), k2 = l2, p2 = c2), m2 = d2;
    return l2 - k2 > 0 && r3.push({ length: c2 - p2 + d2, beginIndex: k2, beginDistance: p2, endIndex: l2 + 1, endDistance: c2 + d2 }), r3;
  }, "linelabel");
  function Ue(s2, e, t2, r3) {
    let n = [];
    for (let i2 of s2) {
      let o2 = pt(i2, Math.PI / 45, e);
      for (let l2 of o2) if (l2.length >= e + r3) {
        let a = new Point(i2[l2.beginIndex].x, i2[l2.beginIndex].y), c2 = i2[l2.endIndex - 1], m2 = new Point((c2.x - a.x) / l2.length, (c2.y - a.y) / l2.length);
        for (let d2 = r3; d2 < l2.length - e; d2 += t2) n.push({ start: a.add(m2.mult(d2)), end: a.add(m2.mult(d2 + e)) });
      }
    }
    return n;
  }
  u2(Ue, "simpleLabel");
  function Ge(s2, e, t2, r3) {
    let n = e.x - s2.x, i2 = e.y - s2.y, o2 = Math.sqrt(S(e.x - s2.x, 2) + S(e.y - s2.y, 2)), l2 = [];
    for (let a = 0; a < t2 + r3; a += 2 * r3) {
      let c2 = a * 1 / o2;
      l2.push({ x: s2.x + c2 * n, y: s2.y + c2 * i2 });
    }
    return l2;
  }
  u2(Ge, "lineCells");
  function ge(s2, e) {
    if (s2.length <= e) return [s2];
    let t2 = e - 1, r3 = s2.lastIndexOf(" ", t2), n = s2.indexOf(" ", t2);
    if (r3 === -1 && n === -1) return [s2];
    let i2, o2;
    return n === -1 || r3 >= 0 && t2 - r3 < n - t2 ? (i2 = s2.substring(0, r3), o2 = s2.substring(r3 + 1, s2.length)) : (i2 = s2.substring(0, n), o2 = s2.substring(n + 1, s2.length)), [i2, ...ge(o2, e)];
  }
  u2(ge, "linebreak");
  var xt = "々-〇〡-〩〱-〵〸-〼㈠-㈩㉈-㉏㉑-㉟㊀-㊉㊱-㊿㐀-䶵一-鿪豈-舘並-龎 ";
  var er = new RegExp(`^[${xt}]+$`);
  var we = ((r3) => (r3[r3.Point = 1] = "Point", r3[r3.Line = 2] = "Line", r3[r3.Polygon = 3] = "Polygon", r3))(we || {});
  function B(s2) {
    return `${s2.x}:${s2.y}:${s2.z}`;
  }
  u2(B, "toIndex");
  var zt = u2((s2, e, t2) => {
    s2.pos = e;
    let r3 = s2.readVarint() + s2.pos, n = 1, i2 = 0, o2 = 0, l2 = 0, a = 1 / 0, c2 = -1 / 0, m2 = 1 / 0, d2 = -1 / 0, f2 = [], b2 = [];
    for (; s2.pos < r3; ) {
      if (i2 <= 0) {
        let x2 = s2.readVarint();
        n = x2 & 7, i2 = x2 >> 3;
      }
      if (i2--, n === 1 || n === 2) o2 += s2.readSVarint() * t2, l2 += s2.readSVarint() * t2, o2 < a && (a = o2), o2 > c2 && (c2 = o2), l2 < m2 && (m2 = l2), l2 > d2 && (d2 = l2), n === 1 && (b2.length > 0 && f2.push(b2), b2 = []), b2.push(new Point(o2, l2));
      else if (n === 7) b2 && b2.push(b2[0].clone());
      else throw new Error(`unknown command ${n}`);
    }
    return b2 && f2.push(b2), { geom: f2, bbox: { minX: a, minY: m2, maxX: c2, maxY: d2 } };
  }, "loadGeomAndBbox");
  function rt(s2, e) {
    let t2 = new VectorTile(new Pbf(s2)), r3 = /* @__PURE__ */ new Map();
    for (let [n, i2] of Object.entries(t2.layers)) {
      let o2 = [], l2 = i2;
      for (let a = 0; a < l2.length; a++) {
        let c2 = zt(l2.feature(a)._pbf, l2.feature(a)._geometry, e / l2.extent), m2 = 0;
        for (let d2 of c2.geom) m2 += d2.length;
        o2.push({ id: l2.feature(a).id, geomType: l2.feature(a).type, geom: c2.geom, numVertices: m2, bbox: c2.bbox, props: l2.feature(a).properties });
      }
      r3.set(n, o2);
    }
    return r3;
  }
  u2(rt, "parseTile");
  var ze = class ze2 {
    constructor(e, t2) {
      typeof e == "string" ? this.p = new PMTiles(e) : this.p = e, this.zoomaborts = [], this.shouldCancelZooms = t2;
    }
    get(e, t2) {
      return O(this, null, function* () {
        this.shouldCancelZooms && (this.zoomaborts = this.zoomaborts.filter((o2) => o2.z !== e.z ? (o2.controller.abort(), false) : true));
        let r3 = new AbortController();
        this.zoomaborts.push({ z: e.z, controller: r3 });
        let n = r3.signal, i2 = yield this.p.getZxy(e.z, e.x, e.y, n);
        return i2 ? rt(i2.data, t2) : /* @__PURE__ */ new Map();
      });
    }
  };
  u2(ze, "PmtilesSource");
  var H = ze;
  var ke = class ke2 {
    constructor(e, t2) {
      this.url = e, this.zoomaborts = [], this.shouldCancelZooms = t2;
    }
    get(e, t2) {
      return O(this, null, function* () {
        this.shouldCancelZooms && (this.zoomaborts = this.zoomaborts.filter((o2) => o2.z !== e.z ? (o2.controller.abort(), false) : true));
        let r3 = this.url.replace("{z}", e.z.toString()).replace("{x}", e.x.toString()).replace("{y}", e.y.toString()), n = new AbortController();
        this.zoomaborts.push({ z: e.z, controller: n });
        let i2 = n.signal;
        return new Promise((o2, l2) => {
          fetch(r3, { signal: i2 }).then((a) => a.arrayBuffer()).then((a) => {
            let c2 = rt(a, t2);
            o2(c2);
          }).catch((a) => {
            l2(a);
          });
        });
      });
    }
  };
  u2(ke, "ZxySource");
  var Q = ke;
  var ye = 6378137;
  var Qe = 85.0511287798;
  var U = ye * Math.PI;
  var kt = u2((s2) => {
    let e = Math.PI / 180, t2 = Math.max(Math.min(Qe, s2[0]), -Qe), r3 = Math.sin(t2 * e);
    return new Point(ye * s2[1] * e, ye * Math.log((1 + r3) / (1 - r3)) / 2);
  }, "project");
  function et2(s2) {
    return s2 * s2;
  }
  u2(et2, "sqr");
  function G(s2, e) {
    return et2(s2.x - e.x) + et2(s2.y - e.y);
  }
  u2(G, "dist2");
  function Pt(s2, e, t2) {
    let r3 = G(e, t2);
    if (r3 === 0) return G(s2, e);
    let n = ((s2.x - e.x) * (t2.x - e.x) + (s2.y - e.y) * (t2.y - e.y)) / r3;
    return n = Math.max(0, Math.min(1, n)), G(s2, new Point(e.x + n * (t2.x - e.x), e.y + n * (t2.y - e.y)));
  }
  u2(Pt, "distToSegmentSquared");
  function tt(s2, e) {
    let t2 = false;
    for (let r3 = 0, n = e.length - 1; r3 < e.length; n = r3++) {
      let i2 = e[r3].x, o2 = e[r3].y, l2 = e[n].x, a = e[n].y;
      o2 > s2.y != a > s2.y && s2.x < (l2 - i2) * (s2.y - o2) / (a - o2) + i2 && (t2 = !t2);
    }
    return t2;
  }
  u2(tt, "isInRing");
  function vt(s2) {
    let e = 0;
    for (let t2 = 0; t2 < s2.length; t2++) {
      let r3 = (t2 + 1) % s2.length;
      e += s2[t2].x * s2[r3].y, e -= s2[r3].x * s2[t2].y;
    }
    return e < 0;
  }
  u2(vt, "isCcw");
  function Lt(s2, e) {
    let t2 = false;
    for (let r3 of e) if (vt(r3)) tt(s2, r3) && (t2 = false);
    else {
      if (t2) return true;
      tt(s2, r3) && (t2 = true);
    }
    return t2;
  }
  u2(Lt, "pointInPolygon");
  function Tt(s2, e) {
    let t2 = 1 / 0;
    for (let r3 of e) {
      let n = Math.sqrt(G(s2, r3[0]));
      n < t2 && (t2 = n);
    }
    return t2;
  }
  u2(Tt, "pointMinDistToPoints");
  function Ct(s2, e) {
    let t2 = 1 / 0;
    for (let r3 of e) for (let n = 0; n < r3.length - 1; n++) {
      let i2 = Math.sqrt(Pt(s2, r3[n], r3[n + 1]));
      i2 < t2 && (t2 = i2);
    }
    return t2;
  }
  u2(Ct, "pointMinDistToLines");
  var Pe = class Pe2 {
    constructor(e, t2) {
      this.source = e, this.cache = /* @__PURE__ */ new Map(), this.inflight = /* @__PURE__ */ new Map(), this.tileSize = t2;
    }
    get(e) {
      return O(this, null, function* () {
        let t2 = B(e);
        return new Promise((r3, n) => {
          let i2 = this.cache.get(t2);
          if (i2) i2.used = performance.now(), r3(i2.data);
          else {
            let o2 = this.inflight.get(t2);
            o2 ? o2.push({ resolve: r3, reject: n }) : (this.inflight.set(t2, []), this.source.get(e, this.tileSize).then((l2) => {
              this.cache.set(t2, { used: performance.now(), data: l2 });
              let a = this.inflight.get(t2);
              if (a) for (let c2 of a) c2.resolve(l2);
              if (this.inflight.delete(t2), r3(l2), this.cache.size >= 64) {
                let c2 = 1 / 0, m2;
                this.cache.forEach((d2, f2) => {
                  d2.used < c2 && (c2 = d2.used, m2 = f2);
                }), m2 && this.cache.delete(m2);
              }
            }).catch((l2) => {
              let a = this.inflight.get(t2);
              if (a) for (let c2 of a) c2.reject(l2);
              this.inflight.delete(t2), n(l2);
            }));
          }
        });
      });
    }
    queryFeatures(e, t2, r3, n) {
      let i2 = kt([t2, e]), o2 = new Point((i2.x + U) / (U * 2), 1 - (i2.y + U) / (U * 2));
      o2.x > 1 && (o2.x = o2.x - Math.floor(o2.x));
      let l2 = o2.mult(1 << r3), a = Math.floor(l2.x), c2 = Math.floor(l2.y), m2 = B({ z: r3, x: a, y: c2 }), d2 = [], f2 = this.cache.get(m2);
      if (f2) {
        let b2 = new Point((l2.x - a) * this.tileSize, (l2.y - c2) * this.tileSize);
        for (let [x2, g2] of f2.data.entries()) for (let w of g2) w.geomType === 1 ? Tt(b2, w.geom) < n && d2.push({ feature: w, layerName: x2 }) : w.geomType === 2 ? Ct(b2, w.geom) < n && d2.push({ feature: w, layerName: x2 }) : Lt(b2, w.geom) && d2.push({ feature: w, layerName: x2 });
      }
      return d2;
    }
  };
  u2(Pe, "TileCache");
  var ee = Pe;
  var St = ((r3) => (r3[r3.Left = 1] = "Left", r3[r3.Center = 2] = "Center", r3[r3.Right = 3] = "Right", r3))(St || {});
  var At = ((a) => (a[a.N = 1] = "N", a[a.Ne = 2] = "Ne", a[a.E = 3] = "E", a[a.Se = 4] = "Se", a[a.S = 5] = "S", a[a.Sw = 6] = "Sw", a[a.W = 7] = "W", a[a.Nw = 8] = "Nw", a))(At || {});
  var yr = u2((s2, e, t2) => {
    let r3 = document.createElement("canvas"), n = r3.getContext("2d");
    return r3.width = s2, r3.height = e, n !== null && t2(r3, n), r3;
  }, "createPattern");
  var Ce = class Ce2 {
    constructor(e) {
      var t2;
      this.pattern = e.pattern, this.fill = new M(e.fill, "black"), this.opacity = new v(e.opacity, 1), this.stroke = new M(e.stroke, "black"), this.width = new v(e.width, 0), this.perFeature = (t2 = this.fill.perFeature || this.opacity.perFeature || this.stroke.perFeature || this.width.perFeature || e.perFeature) != null ? t2 : false, this.doStroke = false;
    }
    before(e, t2) {
      if (!this.perFeature) {
        e.globalAlpha = this.opacity.get(t2), e.fillStyle = this.fill.get(t2), e.strokeStyle = this.stroke.get(t2);
        let r3 = this.width.get(t2);
        r3 > 0 && (this.doStroke = true), e.lineWidth = r3;
      }
      if (this.pattern) {
        let r3 = e.createPattern(this.pattern, "repeat");
        r3 && (e.fillStyle = r3);
      }
    }
    draw(e, t2, r3, n) {
      let i2 = false;
      if (this.perFeature) {
        e.globalAlpha = this.opacity.get(r3, n), e.fillStyle = this.fill.get(r3, n);
        let l2 = this.width.get(r3, n);
        l2 && (i2 = true, e.strokeStyle = this.stroke.get(r3, n), e.lineWidth = l2);
      }
      let o2 = u2(() => {
        e.fill(), (i2 || this.doStroke) && e.stroke();
      }, "drawPath");
      e.beginPath();
      for (let l2 of t2) for (let a = 0; a < l2.length; a++) {
        let c2 = l2[a];
        a === 0 ? e.moveTo(c2.x, c2.y) : e.lineTo(c2.x, c2.y);
      }
      o2();
    }
  };
  u2(Ce, "PolygonSymbolizer");
  var T = Ce;
  function wr(s2, e) {
    return (t2) => {
      let r3 = t2 - s2;
      return r3 >= 0 && r3 < e.length ? e[r3] : 0;
    };
  }
  u2(wr, "arr");
  function Dt(s2, e) {
    let t2 = 0;
    for (; e[t2 + 1][0] < s2; ) t2++;
    return t2;
  }
  u2(Dt, "getStopIndex");
  function Ot(s2, e, t2) {
    return s2 * (t2 - e) + e;
  }
  u2(Ot, "interpolate");
  function Mt(s2, e, t2, r3) {
    let n = r3[e + 1][0] - r3[e][0], i2 = s2 - r3[e][0];
    return n === 0 ? 0 : t2 === 1 ? i2 / n : (S(t2, i2) - 1) / (S(t2, n) - 1);
  }
  u2(Mt, "computeInterpolationFactor");
  function Y(s2, e) {
    return (t2) => {
      if (e.length < 1) return 0;
      if (t2 <= e[0][0]) return e[0][1];
      if (t2 >= e[e.length - 1][0]) return e[e.length - 1][1];
      let r3 = Dt(t2, e), n = Mt(t2, r3, s2, e);
      return Ot(n, e[r3][1], e[r3 + 1][1]);
    };
  }
  u2(Y, "exp");
  function zr(s2, e) {
    return (t2) => {
      if (e.length < 1) return 0;
      let r3 = s2;
      for (let n = 0; n < e.length; n++) t2 >= e[n][0] && (r3 = e[n][1]);
      return r3;
    };
  }
  u2(zr, "step");
  function Te(s2) {
    return Y(1, s2);
  }
  u2(Te, "linear");
  var Se = class Se2 {
    constructor(e) {
      var t2;
      this.color = new M(e.color, "black"), this.width = new v(e.width), this.opacity = new v(e.opacity), this.dash = e.dash ? new K(e.dash) : null, this.dashColor = new M(e.dashColor, "black"), this.dashWidth = new v(e.dashWidth, 1), this.lineCap = new M(e.lineCap, "butt"), this.lineJoin = new M(e.lineJoin, "miter"), this.skip = false, this.perFeature = !!((t2 = this.dash) != null && t2.perFeature || this.color.perFeature || this.opacity.perFeature || this.width.perFeature || this.lineCap.perFeature || this.lineJoin.perFeature || e.perFeature);
    }
    before(e, t2) {
      this.perFeature || (e.strokeStyle = this.color.get(t2), e.lineWidth = this.width.get(t2), e.globalAlpha = this.opacity.get(t2), e.lineCap = this.lineCap.get(t2), e.lineJoin = this.lineJoin.get(t2));
    }
    draw(e, t2, r3, n) {
      if (this.skip) return;
      let i2 = u2(() => {
        this.perFeature && (e.globalAlpha = this.opacity.get(r3, n), e.lineCap = this.lineCap.get(r3, n), e.lineJoin = this.lineJoin.get(r3, n)), this.dash ? (e.save(), this.perFeature ? (e.lineWidth = this.dashWidth.get(r3, n), e.strokeStyle = this.dashColor.get(r3, n), e.setLineDash(this.dash.get(r3, n))) : e.setLineDash(this.dash.get(r3)), e.stroke(), e.restore()) : (e.save(), this.perFeature && (e.lineWidth = this.width.get(r3, n), e.strokeStyle = this.color.get(r3, n)), e.stroke(), e.restore());
      }, "strokePath");
      e.beginPath();
      for (let o2 of t2) for (let l2 = 0; l2 < o2.length; l2++) {
        let a = o2[l2];
        l2 === 0 ? e.moveTo(a.x, a.y) : e.lineTo(a.x, a.y);
      }
      i2();
    }
  };
  u2(Se, "LineSymbolizer");
  var R2 = Se;
  var Ae = class Ae2 {
    constructor(e) {
      this.name = e.name, this.sheet = e.sheet, this.dpr = window.devicePixelRatio;
    }
    place(e, t2, r3) {
      let n = t2[0], i2 = new Point(t2[0][0].x, t2[0][0].y), o2 = this.sheet.get(this.name), l2 = o2.w / this.dpr, a = o2.h / this.dpr, c2 = { minX: i2.x - l2 / 2, minY: i2.y - a / 2, maxX: i2.x + l2 / 2, maxY: i2.y + a / 2 };
      return [{ anchor: i2, bboxes: [c2], draw: u2((d2) => {
        d2.globalAlpha = 1, d2.drawImage(this.sheet.canvas, o2.x, o2.y, o2.w, o2.h, -o2.w / 2 / this.dpr, -o2.h / 2 / this.dpr, o2.w / 2, o2.h / 2);
      }, "draw") }];
    }
  };
  u2(Ae, "IconSymbolizer");
  var De = class De2 {
    constructor(e) {
      this.radius = new v(e.radius, 3), this.fill = new M(e.fill, "black"), this.stroke = new M(e.stroke, "white"), this.width = new v(e.width, 0), this.opacity = new v(e.opacity);
    }
    draw(e, t2, r3, n) {
      e.globalAlpha = this.opacity.get(r3, n);
      let i2 = this.radius.get(r3, n), o2 = this.width.get(r3, n);
      o2 > 0 && (e.strokeStyle = this.stroke.get(r3, n), e.lineWidth = o2, e.beginPath(), e.arc(t2[0][0].x, t2[0][0].y, i2 + o2 / 2, 0, 2 * Math.PI), e.stroke()), e.fillStyle = this.fill.get(r3, n), e.beginPath(), e.arc(t2[0][0].x, t2[0][0].y, i2, 0, 2 * Math.PI), e.fill();
    }
    place(e, t2, r3) {
      let n = t2[0], i2 = new Point(t2[0][0].x, t2[0][0].y), o2 = this.radius.get(e.zoom, r3), l2 = { minX: i2.x - o2, minY: i2.y - o2, maxX: i2.x + o2, maxY: i2.y + o2 };
      return [{ anchor: i2, bboxes: [l2], draw: u2((c2) => {
        this.draw(c2, [[new Point(0, 0)]], e.zoom, r3);
      }, "draw") }];
    }
  };
  u2(De, "CircleSymbolizer");
  var te = De;
  var Oe = class Oe2 {
    constructor(e) {
      this.font = new E(e), this.text = new N(e), this.fill = new M(e.fill, "black"), this.background = new M(e.background, "white"), this.padding = new v(e.padding, 0);
    }
    place(e, t2, r3) {
      let n = this.text.get(e.zoom, r3);
      if (!n) return;
      let i2 = this.font.get(e.zoom, r3);
      e.scratch.font = i2;
      let o2 = e.scratch.measureText(n), l2 = o2.width, a = o2.actualBoundingBoxAscent, c2 = o2.actualBoundingBoxDescent, m2 = t2[0], d2 = new Point(t2[0][0].x, t2[0][0].y), f2 = this.padding.get(e.zoom, r3), b2 = { minX: d2.x - l2 / 2 - f2, minY: d2.y - a - f2, maxX: d2.x + l2 / 2 + f2, maxY: d2.y + c2 + f2 };
      return [{ anchor: d2, bboxes: [b2], draw: u2((g2) => {
        g2.globalAlpha = 1, g2.fillStyle = this.background.get(e.zoom, r3), g2.fillRect(-l2 / 2 - f2, -a - f2, l2 + 2 * f2, a + c2 + 2 * f2), g2.fillStyle = this.fill.get(e.zoom, r3), g2.font = i2, g2.fillText(n, -l2 / 2, 0);
      }, "draw") }];
    }
  };
  u2(Oe, "ShieldSymbolizer");
  var Me = class Me2 {
    constructor(e) {
      this.list = e;
    }
    place(e, t2, r3) {
      let n = this.list[0].place(e, t2, r3);
      if (!n) return;
      let i2 = n[0], o2 = i2.anchor, l2 = i2.bboxes[0], a = l2.maxY - l2.minY, c2 = [{ draw: i2.draw, translate: { x: 0, y: 0 } }], m2 = [[new Point(t2[0][0].x, t2[0][0].y + a)]];
      for (let f2 = 1; f2 < this.list.length; f2++) n = this.list[f2].place(e, m2, r3), n && (i2 = n[0], l2 = at(l2, i2.bboxes[0]), c2.push({ draw: i2.draw, translate: { x: 0, y: a } }));
      return [{ anchor: o2, bboxes: [l2], draw: u2((f2) => {
        for (let b2 of c2) f2.save(), f2.translate(b2.translate.x, b2.translate.y), b2.draw(f2), f2.restore();
      }, "draw") }];
    }
  };
  u2(Me, "FlexSymbolizer");
  var at = u2((s2, e) => ({ minX: Math.min(s2.minX, e.minX), minY: Math.min(s2.minY, e.minY), maxX: Math.max(s2.maxX, e.maxX), maxY: Math.max(s2.maxY, e.maxY) }), "mergeBbox");
  var Re = class Re2 {
    constructor(e) {
      this.list = e;
    }
    place(e, t2, r3) {
      let n = this.list[0];
      if (!n) return;
      let i2 = n.place(e, t2, r3);
      if (!i2) return;
      let o2 = i2[0], l2 = o2.anchor, a = o2.bboxes[0], c2 = [o2.draw];
      for (let d2 = 1; d2 < this.list.length; d2++) {
        if (i2 = this.list[d2].place(e, t2, r3), !i2) return;
        o2 = i2[0], a = at(a, o2.bboxes[0]), c2.push(o2.draw);
      }
      return [{ anchor: l2, bboxes: [a], draw: u2((d2) => {
        for (let f2 of c2) f2(d2);
      }, "draw") }];
    }
  };
  u2(Re, "GroupSymbolizer");
  var re = Re;
  var Fe = class Fe2 {
    constructor(e) {
      this.symbolizer = e;
    }
    place(e, t2, r3) {
      let n = t2[0][0], i2 = this.symbolizer.place(e, [[new Point(0, 0)]], r3);
      if (!i2 || i2.length === 0) return;
      let o2 = i2[0], l2 = o2.bboxes[0], a = l2.maxX - l2.minX, c2 = l2.maxY - l2.minY, m2 = { minX: n.x - a / 2, maxX: n.x + a / 2, minY: n.y - c2 / 2, maxY: n.y + c2 / 2 };
      return [{ anchor: n, bboxes: [m2], draw: u2((f2) => {
        f2.translate(-a / 2, c2 / 2 - l2.maxY), o2.draw(f2, { justify: 2 });
      }, "draw") }];
    }
  };
  u2(Fe, "CenteredSymbolizer");
  var ve = Fe;
  var Xe = class Xe2 {
    constructor(e, t2) {
      this.padding = new v(e, 0), this.symbolizer = t2;
    }
    place(e, t2, r3) {
      let n = this.symbolizer.place(e, t2, r3);
      if (!n || n.length === 0) return;
      let i2 = this.padding.get(e.zoom, r3);
      for (let o2 of n) for (let l2 of o2.bboxes) l2.minX -= i2, l2.minY -= i2, l2.maxX += i2, l2.maxY += i2;
      return n;
    }
  };
  u2(Xe, "Padding");
  var Ye = class Ye2 {
    constructor(e) {
      this.font = new E(e), this.text = new N(e), this.fill = new M(e.fill, "black"), this.stroke = new M(e.stroke, "black"), this.width = new v(e.width, 0), this.lineHeight = new v(e.lineHeight, 1), this.letterSpacing = new v(e.letterSpacing, 0), this.maxLineCodeUnits = new v(e.maxLineChars, 15), this.justify = e.justify;
    }
    place(e, t2, r3) {
      let n = this.text.get(e.zoom, r3);
      if (!n) return;
      let i2 = this.font.get(e.zoom, r3);
      e.scratch.font = i2;
      let o2 = this.letterSpacing.get(e.zoom, r3), l2 = ge(n, this.maxLineCodeUnits.get(e.zoom, r3)), a = "", c2 = 0;
      for (let p2 of l2) p2.length > c2 && (c2 = p2.length, a = p2);
      let m2 = e.scratch.measureText(a), d2 = m2.width + o2 * (c2 - 1), f2 = m2.actualBoundingBoxAscent, b2 = m2.actualBoundingBoxDescent, x2 = (f2 + b2) * this.lineHeight.get(e.zoom, r3), g2 = new Point(t2[0][0].x, t2[0][0].y), w = { minX: g2.x, minY: g2.y - f2, maxX: g2.x + d2, maxY: g2.y + b2 + (l2.length - 1) * x2 };
      return [{ anchor: g2, bboxes: [w], draw: u2((p2, y2) => {
        p2.globalAlpha = 1, p2.font = i2, p2.fillStyle = this.fill.get(e.zoom, r3);
        let D = this.width.get(e.zoom, r3), h2 = 0;
        for (let C2 of l2) {
          let P = 0;
          if (this.justify === 2 || y2 && y2.justify === 2 ? P = (d2 - p2.measureText(C2).width) / 2 : (this.justify === 3 || y2 && y2.justify === 3) && (P = d2 - p2.measureText(C2).width), D) if (p2.lineWidth = D * 2, p2.strokeStyle = this.stroke.get(e.zoom, r3), o2 > 0) {
            let z = P;
            for (let A of C2) p2.strokeText(A, z, h2), z += p2.measureText(A).width + o2;
          } else p2.strokeText(C2, P, h2);
          if (o2 > 0) {
            let z = P;
            for (let A of C2) p2.fillText(A, z, h2), z += p2.measureText(A).width + o2;
          } else p2.fillText(C2, P, h2);
          h2 += x2;
        }
      }, "draw") }];
    }
  };
  u2(Ye, "TextSymbolizer");
  var ne = Ye;
  var Ie = class Ie2 {
    constructor(e) {
      this.centered = new ve(new ne(e));
    }
    place(e, t2, r3) {
      return this.centered.place(e, t2, r3);
    }
  };
  u2(Ie, "CenteredTextSymbolizer");
  var j = Ie;
  var Be = class Be2 {
    constructor(e, t2) {
      var r3, n, i2;
      this.symbolizer = e, this.offsetX = new v(t2.offsetX, 0), this.offsetY = new v(t2.offsetY, 0), this.justify = (r3 = t2.justify) != null ? r3 : void 0, this.placements = (n = t2.placements) != null ? n : [2, 6, 8, 4, 1, 3, 5, 7], this.ddValues = (i2 = t2.ddValues) != null ? i2 : () => ({});
    }
    place(e, t2, r3) {
      if (r3.geomType !== 1) return;
      let n = t2[0][0], i2 = this.symbolizer.place(e, [[new Point(0, 0)]], r3);
      if (!i2 || i2.length === 0) return;
      let o2 = i2[0], l2 = o2.bboxes[0], a = this.offsetX, c2 = this.offsetY, m2 = this.justify, d2 = this.placements, { offsetX: f2, offsetY: b2, justify: x2, placements: g2 } = this.ddValues(e.zoom, r3) || {};
      f2 && (a = new v(f2, 0)), b2 && (c2 = new v(b2, 0)), x2 && (m2 = x2), g2 && (d2 = g2);
      let w = a.get(e.zoom, r3), k2 = c2.get(e.zoom, r3), p2 = u2((P, z) => ({ minX: P.x + z.x + l2.minX, minY: P.y + z.y + l2.minY, maxX: P.x + z.x + l2.maxX, maxY: P.y + z.y + l2.maxY }), "getBbox"), y2 = new Point(w, k2), D, h2 = u2((P) => {
        P.translate(y2.x, y2.y), o2.draw(P, { justify: D });
      }, "draw"), C2 = u2((P, z) => {
        let A = p2(P, z);
        if (!e.index.bboxCollides(A, e.order)) return [{ anchor: n, bboxes: [A], draw: h2 }];
      }, "placeLabelInPoint");
      for (let P of d2) {
        let z = this.computeXaxisOffset(w, l2, P), A = this.computeYaxisOffset(k2, l2, P);
        return D = this.computeJustify(m2, P), y2 = new Point(z, A), C2(n, y2);
      }
    }
    computeXaxisOffset(e, t2, r3) {
      let n = t2.maxX, i2 = n / 2;
      return [1, 5].includes(r3) ? e - i2 : [8, 7, 6].includes(r3) ? e - n : e;
    }
    computeYaxisOffset(e, t2, r3) {
      let n = Math.abs(t2.minY), i2 = t2.maxY, o2 = (t2.minY + t2.maxY) / 2;
      return [3, 7].includes(r3) ? e - o2 : [8, 2, 1].includes(r3) ? e - i2 : [6, 4, 5].includes(r3) ? e + n : e;
    }
    computeJustify(e, t2) {
      return e || ([1, 5].includes(t2) ? 2 : [2, 3, 4].includes(t2) ? 1 : 3);
    }
  };
  u2(Be, "OffsetSymbolizer");
  var Le = Be;
  var je = class je2 {
    constructor(e) {
      this.symbolizer = new Le(new ne(e), e);
    }
    place(e, t2, r3) {
      return this.symbolizer.place(e, t2, r3);
    }
  };
  u2(je, "OffsetTextSymbolizer");
  var ie = je;
  var Rt = ((r3) => (r3[r3.Above = 1] = "Above", r3[r3.Center = 2] = "Center", r3[r3.Below = 3] = "Below", r3))(Rt || {});
  var _e = class _e2 {
    constructor(e) {
      var t2;
      this.font = new E(e), this.text = new N(e), this.fill = new M(e.fill, "black"), this.stroke = new M(e.stroke, "black"), this.width = new v(e.width, 0), this.offset = new v(e.offset, 0), this.position = (t2 = e.position) != null ? t2 : 1, this.maxLabelCodeUnits = new v(e.maxLabelChars, 40), this.repeatDistance = new v(e.repeatDistance, 250);
    }
    place(e, t2, r3) {
      let n = this.text.get(e.zoom, r3);
      if (!n || n.length > this.maxLabelCodeUnits.get(e.zoom, r3)) return;
      let i2 = 20, o2 = r3.bbox;
      if (o2.maxY - o2.minY < i2 && o2.maxX - o2.minX < i2) return;
      let l2 = this.font.get(e.zoom, r3);
      e.scratch.font = l2;
      let a = e.scratch.measureText(n), c2 = a.width, m2 = a.actualBoundingBoxAscent + a.actualBoundingBoxDescent, d2 = this.repeatDistance.get(e.zoom, r3);
      e.overzoom > 4 && (d2 *= 1 << e.overzoom - 4);
      let f2 = m2 * 2, b2 = Ue(t2, c2, d2, f2);
      if (b2.length === 0) return;
      let x2 = [];
      for (let g2 of b2) {
        let w = g2.end.x - g2.start.x, k2 = g2.end.y - g2.start.y, y2 = Ge(g2.start, g2.end, c2, f2 / 2).map((h2) => ({ minX: h2.x - f2 / 2, minY: h2.y - f2 / 2, maxX: h2.x + f2 / 2, maxY: h2.y + f2 / 2 })), D = u2((h2) => {
          h2.globalAlpha = 1, h2.rotate(Math.atan2(k2, w)), w < 0 && (h2.scale(-1, -1), h2.translate(-c2, 0));
          let C2 = 0;
          this.position === 3 ? C2 += m2 : this.position === 2 && (C2 += m2 / 2), h2.translate(0, C2 - this.offset.get(e.zoom, r3)), h2.font = l2;
          let P = this.width.get(e.zoom, r3);
          P && (h2.lineWidth = P, h2.strokeStyle = this.stroke.get(e.zoom, r3), h2.strokeText(n, 0, 0)), h2.fillStyle = this.fill.get(e.zoom, r3), h2.fillText(n, 0, 0);
        }, "draw");
        x2.push({ anchor: g2.start, bboxes: y2, draw: D, deduplicationKey: n, deduplicationDistance: d2 });
      }
      return x2;
    }
  };
  u2(_e, "LineLabelSymbolizer");
  var $ = _e;
  var F = u2((s2, e) => {
    let t2 = s2[e];
    return typeof t2 == "string" ? t2 : "";
  }, "getString");
  var lt = u2((s2, e) => {
    let t2 = s2[e];
    return typeof t2 == "number" ? t2 : 0;
  }, "getNumber");
  var se = u2((s2) => [{ dataLayer: "earth", symbolizer: new T({ fill: s2.earth }) }, ...s2.landcover ? [{ dataLayer: "landcover", symbolizer: new T({ fill: u2((e, t2) => {
    let r3 = s2.landcover;
    if (!r3 || !t2) return "";
    let n = F(t2.props, "kind");
    return n === "grassland" ? r3.grassland : n === "barren" ? r3.barren : n === "urban_area" ? r3.urban_area : n === "farmland" ? r3.farmland : n === "glacier" ? r3.glacier : n === "scrub" ? r3.scrub : r3.forest;
  }, "fill"), opacity: u2((e, t2) => e === 8 ? 0.5 : 1, "opacity") }) }] : [], { dataLayer: "landuse", symbolizer: new T({ fill: u2((e, t2) => mix(s2.park_a, s2.park_b, Math.min(Math.max(e / 12, 12), 0)), "fill") }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["allotments", "village_green", "playground"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.park_b, opacity: u2((e, t2) => e < 8 ? 0 : e === 8 ? 0.5 : 1, "opacity") }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["national_park", "park", "cemetery", "protected_area", "nature_reserve", "forest", "golf_course"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.hospital }), filter: u2((e, t2) => t2.props.kind === "hospital", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.industrial }), filter: u2((e, t2) => t2.props.kind === "industrial", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.school }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["school", "university", "college"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.beach }), filter: u2((e, t2) => t2.props.kind === "beach", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.zoo }), filter: u2((e, t2) => t2.props.kind === "zoo", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.zoo }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["military", "naval_base", "airfield"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: u2((e, t2) => mix(s2.wood_a, s2.wood_b, Math.min(Math.max(e / 12, 12), 0)), "fill"), opacity: u2((e, t2) => e < 8 ? 0 : e === 8 ? 0.5 : 1, "opacity") }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["wood", "nature_reserve", "forest"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: u2((e, t2) => mix(s2.scrub_a, s2.scrub_b, Math.min(Math.max(e / 12, 12), 0)), "fill") }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["scrub", "grassland", "grass"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.scrub_b }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["scrub", "grassland", "grass"].includes(r3);
  }, "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.glacier }), filter: u2((e, t2) => t2.props.kind === "glacier", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.sand, opacity: u2((e, t2) => e < 8 ? 0 : e === 8 ? 0.5 : 1, "opacity") }), filter: u2((e, t2) => t2.props.kind === "sand", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.aerodrome }), filter: u2((e, t2) => t2.props.kind === "aerodrome", "filter") }, { dataLayer: "water", symbolizer: new T({ fill: s2.water }), filter: u2((e, t2) => t2.geomType === 3, "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.runway, width: u2((e, t2) => Y(1.6, [[11, 0], [13, 4], [19, 30]])(e), "width") }), filter: u2((e, t2) => t2.props.kind_detail === "runway", "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.runway, width: u2((e, t2) => Y(1.6, [[14, 0], [14.5, 1], [16, 6]])(e), "width") }), filter: u2((e, t2) => t2.props.kind_detail === "taxiway", "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.pier, width: u2((e, t2) => Y(1.6, [[13, 0], [13.5, 0, 5], [21, 16]])(e), "width") }), filter: u2((e, t2) => t2.props.kind === "path" && t2.props.kind_detail === "pier", "filter") }, { dataLayer: "water", minzoom: 14, symbolizer: new R2({ color: s2.water, width: u2((e, t2) => Y(1.6, [[9, 0], [9.5, 1], [18, 12]])(e), "width") }), filter: u2((e, t2) => t2.geomType === 2 && t2.props.kind === "river", "filter") }, { dataLayer: "water", minzoom: 14, symbolizer: new R2({ color: s2.water, width: 0.5 }), filter: u2((e, t2) => t2.geomType === 2 && t2.props.kind === "stream", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.pedestrian }), filter: u2((e, t2) => t2.props.kind === "pedestrian", "filter") }, { dataLayer: "landuse", symbolizer: new T({ fill: s2.pier }), filter: u2((e, t2) => t2.props.kind === "pier", "filter") }, { dataLayer: "buildings", symbolizer: new T({ fill: s2.buildings, opacity: 0.5 }) }, { dataLayer: "roads", symbolizer: new R2({ color: s2.major, width: u2((e, t2) => Y(1.6, [[14, 0], [20, 7]])(e), "width") }), filter: u2((e, t2) => {
    let r3 = F(t2.props, "kind");
    return ["other", "path"].includes(r3);
  }, "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.major, width: u2((e, t2) => Y(1.6, [[13, 0], [18, 8]])(e), "width") }), filter: u2((e, t2) => t2.props.kind === "minor_road", "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.major, width: u2((e, t2) => Y(1.6, [[6, 0], [12, 1.6], [15, 3], [18, 13]])(e), "width") }), filter: u2((e, t2) => t2.props.kind === "major_road", "filter") }, { dataLayer: "roads", symbolizer: new R2({ color: s2.major, width: u2((e, t2) => Y(1.6, [[3, 0], [6, 1.1], [12, 1.6], [15, 5], [18, 15]])(e), "width") }), filter: u2((e, t2) => t2.props.kind === "highway", "filter") }, { dataLayer: "boundaries", symbolizer: new R2({ color: s2.boundaries, width: 1 }), filter: u2((e, t2) => {
    let r3 = t2.props.kind_detail;
    return typeof r3 == "number" && r3 <= 2;
  }, "filter") }, { dataLayer: "roads", symbolizer: new R2({ dash: [0.3, 0.75], color: s2.railway, dashWidth: u2((e, t2) => Y(1.6, [[4, 0], [7, 0.15], [19, 9]])(e), "dashWidth"), opacity: 0.5 }), filter: u2((e, t2) => t2.props.kind === "rail", "filter") }, { dataLayer: "boundaries", symbolizer: new R2({ color: s2.boundaries, width: 0.5 }), filter: u2((e, t2) => {
    let r3 = t2.props.kind_detail;
    return typeof r3 == "number" && r3 > 2;
  }, "filter") }], "paintRules");
  var oe = u2((s2, e) => {
    let t2 = [`name:${e}`, "name"];
    return [{ dataLayer: "roads", symbolizer: new $({ labelProps: t2, fill: s2.roads_label_minor, font: "400 12px sans-serif", width: 2, stroke: s2.roads_label_minor_halo }), minzoom: 16, filter: u2((r3, n) => {
      let i2 = F(n.props, "kind");
      return ["minor_road", "other", "path"].includes(i2);
    }, "filter") }, { dataLayer: "roads", symbolizer: new $({ labelProps: t2, fill: s2.roads_label_major, font: "400 12px sans-serif", width: 2, stroke: s2.roads_label_major_halo }), minzoom: 12, filter: u2((r3, n) => {
      let i2 = F(n.props, "kind");
      return ["highway", "major_road"].includes(i2);
    }, "filter") }, { dataLayer: "roads", symbolizer: new $({ labelProps: t2, fill: s2.roads_label_major, font: "400 12px sans-serif", width: 2, stroke: s2.roads_label_major_halo }), minzoom: 12, filter: u2((r3, n) => {
      let i2 = F(n.props, "kind");
      return ["highway", "major_road"].includes(i2);
    }, "filter") }, { dataLayer: "water", symbolizer: new j({ labelProps: t2, fill: s2.ocean_label, lineHeight: 1.5, letterSpacing: 1, font: u2((r3, n) => `400 ${Te([[3, 10], [10, 12]])(r3)}px sans-serif`, "font"), textTransform: "uppercase" }), filter: u2((r3, n) => {
      let i2 = F(n.props, "kind");
      return n.geomType === 1 && ["ocean", "bay", "strait", "fjord"].includes(i2);
    }, "filter") }, { dataLayer: "water", symbolizer: new j({ labelProps: t2, fill: s2.ocean_label, lineHeight: 1.5, letterSpacing: 1, font: u2((r3, n) => `400 ${Te([[3, 10], [6, 12], [10, 12]])(r3)}px sans-serif`, "font") }), filter: u2((r3, n) => {
      let i2 = F(n.props, "kind");
      return n.geomType === 1 && ["sea", "lake", "water"].includes(i2);
    }, "filter") }, { dataLayer: "places", symbolizer: new j({ labelProps: u2((r3, n) => r3 < 6 ? [`ref:${e}`, "ref"] : t2, "labelProps"), fill: s2.state_label, stroke: s2.state_label_halo, width: 1, lineHeight: 1.5, font: u2((r3, n) => "400 12px sans-serif", "font"), textTransform: "uppercase" }), filter: u2((r3, n) => n.props.kind === "region", "filter") }, { dataLayer: "places", symbolizer: new j({ labelProps: t2, fill: s2.country_label, lineHeight: 1.5, font: u2((r3, n) => (r3 < 6, "600 12px sans-serif"), "font"), textTransform: "uppercase" }), filter: u2((r3, n) => n.props.kind === "country", "filter") }, { dataLayer: "places", minzoom: 9, symbolizer: new j({ labelProps: t2, fill: s2.city_label, lineHeight: 1.5, font: u2((r3, n) => {
      if (!n) return "400 12px sans-serif";
      let i2 = n.props.min_zoom, o2 = 400;
      i2 && i2 <= 5 && (o2 = 600);
      let l2 = 12, a = n.props.population_rank;
      return a && a > 9 && (l2 = 16), `${o2} ${l2}px sans-serif`;
    }, "font") }), sort: u2((r3, n) => {
      let i2 = lt(r3, "min_zoom"), o2 = lt(n, "min_zoom");
      return i2 - o2;
    }, "sort"), filter: u2((r3, n) => n.props.kind === "locality", "filter") }, { dataLayer: "places", maxzoom: 8, symbolizer: new re([new te({ radius: 2, fill: s2.city_label, stroke: s2.city_label_halo, width: 1.5 }), new ie({ labelProps: t2, fill: s2.city_label, stroke: s2.city_label_halo, width: 1, offsetX: 6, offsetY: 4.5, font: u2((r3, n) => "400 12px sans-serif", "font") })]), filter: u2((r3, n) => n.props.kind === "locality", "filter") }];
  }, "labelRules");
  var le = u2((s2, e, t2) => {
    let r3 = [];
    for (let n of s2) {
      let i2 = [];
      for (let o2 of n) i2.push(o2.clone().mult(e).add(t2));
      r3.push(i2);
    }
    return r3;
  }, "transformGeom");
  var ae = u2((s2, e) => {
    let t2 = 1 << e;
    return s2 < 0 ? t2 + s2 : s2 >= t2 ? s2 % t2 : s2;
  }, "wrap");
  var $e = class $e2 {
    constructor(e, t2, r3) {
      this.tileCache = e, this.maxDataLevel = t2, this.levelDiff = r3;
    }
    dataTilesForBounds(e, t2) {
      let r3 = S(2, e) / S(2, Math.ceil(e)), n = [], i2 = 1, o2 = this.tileCache.tileSize;
      if (e < this.levelDiff) i2 = 1 / (1 << this.levelDiff - e) * r3, n.push({ dataTile: { z: 0, x: 0, y: 0 }, origin: new Point(0, 0), scale: i2, dim: o2 * i2 });
      else if (e <= this.levelDiff + this.maxDataLevel) {
        let l2 = 1 << this.levelDiff, a = 256 * r3, c2 = Math.ceil(e) - this.levelDiff, m2 = Math.floor(t2.minX / l2 / a), d2 = Math.floor(t2.minY / l2 / a), f2 = Math.floor(t2.maxX / l2 / a), b2 = Math.floor(t2.maxY / l2 / a);
        for (let x2 = m2; x2 <= f2; x2++) for (let g2 = d2; g2 <= b2; g2++) {
          let w = new Point(x2 * l2 * a, g2 * l2 * a);
          n.push({ dataTile: { z: c2, x: ae(x2, c2), y: ae(g2, c2) }, origin: w, scale: r3, dim: o2 * r3 });
        }
      } else {
        let l2 = 1 << this.levelDiff;
        i2 = (1 << Math.ceil(e) - this.maxDataLevel - this.levelDiff) * r3;
        let a = Math.floor(t2.minX / l2 / 256 / i2), c2 = Math.floor(t2.minY / l2 / 256 / i2), m2 = Math.floor(t2.maxX / l2 / 256 / i2), d2 = Math.floor(t2.maxY / l2 / 256 / i2);
        for (let f2 = a; f2 <= m2; f2++) for (let b2 = c2; b2 <= d2; b2++) {
          let x2 = new Point(f2 * l2 * 256 * i2, b2 * l2 * 256 * i2);
          n.push({ dataTile: { z: this.maxDataLevel, x: ae(f2, this.maxDataLevel), y: ae(b2, this.maxDataLevel) }, origin: x2, scale: i2, dim: o2 * i2 });
        }
      }
      return n;
    }
    dataTileForDisplayTile(e) {
      let t2, r3 = 1, n = this.tileCache.tileSize, i2;
      if (e.z < this.levelDiff) t2 = { z: 0, x: 0, y: 0 }, r3 = 1 / (1 << this.levelDiff - e.z), i2 = new Point(0, 0), n = n * r3;
      else if (e.z <= this.levelDiff + this.maxDataLevel) {
        let o2 = 1 << this.levelDiff;
        t2 = { z: e.z - this.levelDiff, x: Math.floor(e.x / o2), y: Math.floor(e.y / o2) }, i2 = new Point(t2.x * o2 * 256, t2.y * o2 * 256);
      } else {
        r3 = 1 << e.z - this.maxDataLevel - this.levelDiff;
        let o2 = 1 << this.levelDiff;
        t2 = { z: this.maxDataLevel, x: Math.floor(e.x / o2 / r3), y: Math.floor(e.y / o2 / r3) }, i2 = new Point(t2.x * o2 * r3 * 256, t2.y * o2 * r3 * 256), n = n * r3;
      }
      return { dataTile: t2, scale: r3, origin: i2, dim: n };
    }
    getBbox(e, t2) {
      return O(this, null, function* () {
        let r3 = this.dataTilesForBounds(e, t2);
        return (yield Promise.all(r3.map((i2) => this.tileCache.get(i2.dataTile)))).map((i2, o2) => {
          let l2 = r3[o2];
          return { data: i2, z: e, dataTile: l2.dataTile, scale: l2.scale, dim: l2.dim, origin: l2.origin };
        });
      });
    }
    getDisplayTile(e) {
      return O(this, null, function* () {
        let t2 = this.dataTileForDisplayTile(e);
        return { data: yield this.tileCache.get(t2.dataTile), z: e.z, dataTile: t2.dataTile, scale: t2.scale, origin: t2.origin, dim: t2.dim };
      });
    }
    queryFeatures(e, t2, r3, n) {
      let i2 = Math.round(r3), o2 = Math.min(i2 - this.levelDiff, this.maxDataLevel), l2 = n / (1 << i2 - o2);
      return this.tileCache.queryFeatures(e, t2, o2, l2);
    }
  };
  u2($e, "View");
  var Ee = $e;
  var ue = u2((s2) => {
    let e = u2((r3) => {
      let n = r3.levelDiff === void 0 ? 1 : r3.levelDiff, i2 = r3.maxDataZoom || 15, o2;
      if (typeof r3.url == "string") new URL(r3.url, "http://example.com").pathname.endsWith(".pmtiles") ? o2 = new H(r3.url, true) : o2 = new Q(r3.url, true);
      else if (r3.url) o2 = new H(r3.url, true);
      else throw new Error(`Invalid source ${r3.url}`);
      let l2 = new ee(o2, 256 * 1 << n);
      return new Ee(l2, i2, n);
    }, "sourceToViews"), t2 = /* @__PURE__ */ new Map();
    if (s2.sources) for (let r3 in s2.sources) t2.set(r3, e(s2.sources[r3]));
    else t2.set("", e(s2));
    return t2;
  }, "sourcesToViews");
  var Yt = u2((s2, e, t2) => {
    let n = e / 256, i2 = Math.floor(t2.minX / 256), o2 = Math.floor(t2.minY / 256), l2 = Math.floor(t2.maxX / 256), a = Math.floor(t2.maxY / 256), c2 = Math.log2(n), m2 = [];
    for (let d2 = i2; d2 <= l2; d2++) {
      let f2 = d2 % (1 << s2);
      for (let b2 = o2; b2 <= a; b2++) m2.push({ display: B({ z: s2, x: f2, y: b2 }), key: B({ z: s2 - c2, x: Math.floor(f2 / n), y: Math.floor(b2 / n) }) });
    }
    return m2;
  }, "covering");
  var We = class We2 {
    constructor(e, t2) {
      this.tree = new import_rbush.default(), this.current = /* @__PURE__ */ new Map(), this.dim = e, this.maxLabeledTiles = t2;
    }
    hasPrefix(e) {
      for (let t2 of this.current.keys()) if (t2.startsWith(e)) return true;
      return false;
    }
    has(e) {
      return this.current.has(e);
    }
    size() {
      return this.current.size;
    }
    keys() {
      return this.current.keys();
    }
    searchBbox(e, t2) {
      let r3 = /* @__PURE__ */ new Set();
      for (let n of this.tree.search(e)) n.indexedLabel.order <= t2 && r3.add(n.indexedLabel);
      return r3;
    }
    searchLabel(e, t2) {
      let r3 = /* @__PURE__ */ new Set();
      for (let n of e.bboxes) for (let i2 of this.tree.search(n)) i2.indexedLabel.order <= t2 && r3.add(i2.indexedLabel);
      return r3;
    }
    bboxCollides(e, t2) {
      for (let r3 of this.tree.search(e)) if (r3.indexedLabel.order <= t2) return true;
      return false;
    }
    labelCollides(e, t2) {
      for (let r3 of e.bboxes) for (let n of this.tree.search(r3)) if (n.indexedLabel.order <= t2) return true;
      return false;
    }
    deduplicationCollides(e) {
      if (!e.deduplicationKey || !e.deduplicationDistance) return false;
      let t2 = e.deduplicationDistance, r3 = { minX: e.anchor.x - t2, minY: e.anchor.y - t2, maxX: e.anchor.x + t2, maxY: e.anchor.y + t2 };
      for (let n of this.tree.search(r3)) if (n.indexedLabel.deduplicationKey === e.deduplicationKey && n.indexedLabel.anchor.dist(e.anchor) < t2) return true;
      return false;
    }
    makeEntry(e) {
      this.current.get(e) && console.log("consistency error 1");
      let t2 = /* @__PURE__ */ new Set();
      this.current.set(e, t2);
    }
    insert(e, t2, r3) {
      let n = { anchor: e.anchor, bboxes: e.bboxes, draw: e.draw, order: t2, tileKey: r3, deduplicationKey: e.deduplicationKey, deduplicationDistance: e.deduplicationDistance }, i2 = this.current.get(r3);
      if (!i2) {
        let a = /* @__PURE__ */ new Set();
        this.current.set(r3, a), i2 = a;
      }
      i2.add(n);
      let o2 = false, l2 = false;
      for (let a of e.bboxes) this.tree.insert({ minX: a.minX, minY: a.minY, maxX: a.maxX, maxY: a.maxY, indexedLabel: n }), a.minX < 0 && (o2 = true), a.maxX > this.dim && (l2 = true);
      if (o2 || l2) {
        let a = o2 ? this.dim : -this.dim, c2 = [];
        for (let f2 of e.bboxes) c2.push({ minX: f2.minX + a, minY: f2.minY, maxX: f2.maxX + a, maxY: f2.maxY });
        let m2 = { anchor: new Point(e.anchor.x + a, e.anchor.y), bboxes: c2, draw: e.draw, order: t2, tileKey: r3 }, d2 = this.current.get(r3);
        d2 && d2.add(m2);
        for (let f2 of c2) this.tree.insert({ minX: f2.minX, minY: f2.minY, maxX: f2.maxX, maxY: f2.maxY, indexedLabel: m2 });
      }
    }
    pruneOrNoop(e) {
      let t2 = e.split(":"), r3, n = 0, i2 = 0;
      for (let o2 of this.current.keys()) {
        let l2 = o2.split(":");
        if (l2[3] === t2[3]) {
          i2++;
          let a = Math.sqrt(S(+l2[0] - +t2[0], 2) + S(+l2[1] - +t2[1], 2));
          a > n && (n = a, r3 = o2);
        }
        r3 && i2 > this.maxLabeledTiles && this.pruneKey(r3);
      }
    }
    pruneKey(e) {
      let t2 = this.current.get(e);
      if (!t2) return;
      let r3 = [];
      for (let n of this.tree.all()) t2.has(n.indexedLabel) && r3.push(n);
      for (let n of r3) this.tree.remove(n);
      this.current.delete(e);
    }
    removeLabel(e) {
      let t2 = [];
      for (let n of this.tree.all()) e === n.indexedLabel && t2.push(n);
      for (let n of t2) this.tree.remove(n);
      let r3 = this.current.get(e.tileKey);
      r3 && r3.delete(e);
    }
  };
  u2(We, "Index");
  var Je = We;
  var He = class He2 {
    constructor(e, t2, r3, n, i2) {
      this.index = new Je(256 * 1 << e, n), this.z = e, this.scratch = t2, this.labelRules = r3, this.callback = i2;
    }
    layout(e) {
      let t2 = performance.now(), r3 = /* @__PURE__ */ new Set();
      for (let [i2, o2] of e) for (let l2 of o2) {
        let a = `${B(l2.dataTile)}:${i2}`;
        this.index.has(a) || (this.index.makeEntry(a), r3.add(a));
      }
      let n = /* @__PURE__ */ new Set();
      for (let [i2, o2] of this.labelRules.entries()) {
        if (o2.visible === false || o2.minzoom && this.z < o2.minzoom || o2.maxzoom && this.z > o2.maxzoom) continue;
        let l2 = o2.dataSource || "", a = e.get(l2);
        if (a) for (let c2 of a) {
          let m2 = `${B(c2.dataTile)}:${l2}`;
          if (!r3.has(m2)) continue;
          let d2 = c2.data.get(o2.dataLayer);
          if (d2 === void 0) continue;
          let f2 = d2;
          o2.sort && f2.sort((x2, g2) => o2.sort ? o2.sort(x2.props, g2.props) : 0);
          let b2 = { index: this.index, zoom: this.z, scratch: this.scratch, order: i2, overzoom: this.z - c2.dataTile.z };
          for (let x2 of f2) {
            if (o2.filter && !o2.filter(this.z, x2)) continue;
            let g2 = le(x2.geom, c2.scale, c2.origin), w = o2.symbolizer.place(b2, g2, x2);
            if (w) for (let k2 of w) {
              let p2 = false;
              if (!(k2.deduplicationKey && this.index.deduplicationCollides(k2))) {
                if (this.index.labelCollides(k2, 1 / 0)) {
                  if (!this.index.labelCollides(k2, i2)) {
                    let y2 = this.index.searchLabel(k2, 1 / 0);
                    for (let D of y2) {
                      this.index.removeLabel(D);
                      for (let h2 of D.bboxes) this.findInvalidatedTiles(n, c2.dim, h2, m2);
                    }
                    this.index.insert(k2, i2, m2), p2 = true;
                  }
                } else this.index.insert(k2, i2, m2), p2 = true;
                if (p2) for (let y2 of k2.bboxes) (y2.maxX > c2.origin.x + c2.dim || y2.minX < c2.origin.x || y2.minY < c2.origin.y || y2.maxY > c2.origin.y + c2.dim) && this.findInvalidatedTiles(n, c2.dim, y2, m2);
              }
            }
          }
        }
      }
      for (let i2 of r3) this.index.pruneOrNoop(i2);
      return n.size > 0 && this.callback && this.callback(n), performance.now() - t2;
    }
    findInvalidatedTiles(e, t2, r3, n) {
      let i2 = Yt(this.z, t2, r3);
      for (let o2 of i2) o2.key !== n && this.index.hasPrefix(o2.key) && e.add(o2.display);
    }
    add(e) {
      let t2 = true;
      for (let [n, i2] of e) for (let o2 of i2) this.index.has(`${B(o2.dataTile)}:${n}`) || (t2 = false);
      return t2 ? 0 : this.layout(e);
    }
  };
  u2(He, "Labeler");
  var V = He;
  var Ve = class Ve2 {
    constructor(e, t2, r3, n) {
      this.labelers = /* @__PURE__ */ new Map(), this.scratch = e, this.labelRules = t2, this.maxLabeledTiles = r3, this.callback = n;
    }
    add(e, t2) {
      let r3 = this.labelers.get(e);
      return r3 || (r3 = new V(e, this.scratch, this.labelRules, this.maxLabeledTiles, this.callback), this.labelers.set(e, r3)), r3.add(t2);
    }
    getIndex(e) {
      let t2 = this.labelers.get(e);
      if (t2) return t2.index;
    }
  };
  u2(Ve, "Labelers");
  var Z = Ve;
  function ce(s2, e, t2, r3, n, i2, o2, l2, a) {
    let c2 = performance.now();
    s2.save(), s2.miterLimit = 2;
    for (let m2 of n) {
      if (m2.minzoom && e < m2.minzoom || m2.maxzoom && e > m2.maxzoom) continue;
      let d2 = t2.get(m2.dataSource || "");
      if (d2) for (let f2 of d2) {
        let b2 = f2.data.get(m2.dataLayer);
        if (b2 === void 0) continue;
        m2.symbolizer.before && m2.symbolizer.before(s2, f2.z);
        let x2 = f2.origin, g2 = f2.dim, w = f2.scale;
        if (s2.save(), l2) {
          s2.beginPath();
          let k2 = Math.max(x2.x - o2.x, i2.minX - o2.x), p2 = Math.max(x2.y - o2.y, i2.minY - o2.y), y2 = Math.min(x2.x - o2.x + g2, i2.maxX - o2.x), D = Math.min(x2.y - o2.y + g2, i2.maxY - o2.y);
          s2.rect(k2, p2, y2 - k2, D - p2), s2.clip();
        }
        s2.translate(x2.x - o2.x, x2.y - o2.y);
        for (let k2 of b2) {
          let p2 = k2.geom, y2 = k2.bbox;
          y2.maxX * w + x2.x < i2.minX || y2.minX * w + x2.x > i2.maxX || y2.minY * w + x2.y > i2.maxY || y2.maxY * w + x2.y < i2.minY || m2.filter && !m2.filter(f2.z, k2) || (w !== 1 && (p2 = le(p2, w, new Point(0, 0))), m2.symbolizer.draw(s2, p2, f2.z, k2));
        }
        s2.restore();
      }
    }
    if (l2 && (s2.beginPath(), s2.rect(i2.minX - o2.x, i2.minY - o2.y, i2.maxX - i2.minX, i2.maxY - i2.minY), s2.clip()), r3) {
      let m2 = r3.searchBbox(i2, 1 / 0);
      for (let d2 of m2) if (s2.save(), s2.translate(d2.anchor.x - o2.x, d2.anchor.y - o2.y), d2.draw(s2), s2.restore(), a) {
        s2.lineWidth = 0.5, s2.strokeStyle = a, s2.fillStyle = a, s2.globalAlpha = 1, s2.fillRect(d2.anchor.x - o2.x - 2, d2.anchor.y - o2.y - 2, 4, 4);
        for (let f2 of d2.bboxes) s2.strokeRect(f2.minX - o2.x, f2.minY - o2.y, f2.maxX - f2.minX, f2.maxY - f2.minY);
      }
    }
    return s2.restore(), performance.now() - c2;
  }
  u2(ce, "paint");
  var q = 6378137;
  var ut = 85.0511287798;
  var X = q * Math.PI;
  var ft = u2((s2) => {
    let e = Math.PI / 180, t2 = Math.max(Math.min(ut, s2.y), -ut), r3 = Math.sin(t2 * e);
    return new Point(q * s2.x * e, q * Math.log((1 + r3) / (1 - r3)) / 2);
  }, "project");
  var jt = u2((s2) => {
    let e = 180 / Math.PI;
    return { lat: (2 * Math.atan(Math.exp(s2.y / q)) - Math.PI / 2) * e, lng: s2.x * e / q };
  }, "unproject");
  var _t = u2((s2, e) => (t2) => {
    let r3 = ft(t2);
    return new Point((r3.x + X) / (X * 2), 1 - (r3.y + X) / (X * 2)).mult(S(2, e) * 256).sub(s2);
  }, "instancedProject");
  var Nt = u2((s2, e) => (t2) => {
    let r3 = new Point(t2.x, t2.y).add(s2).div(S(2, e) * 256), n = new Point(r3.x * (X * 2) - X, (1 - r3.y) * (X * 2) - X);
    return jt(n);
  }, "instancedUnproject");
  var ct = u2((s2, e) => {
    let t2 = e * (360 / s2);
    return Math.log2(t2 / 256);
  }, "getZoom");
  var Ze = class Ze2 {
    constructor(e) {
      if (e.flavor) {
        let t2 = C(e.flavor);
        this.paintRules = se(t2), this.labelRules = oe(t2, e.lang || "en"), this.backgroundColor = t2.background;
      } else this.paintRules = e.paintRules || [], this.labelRules = e.labelRules || [], this.backgroundColor = e.backgroundColor;
      this.views = ue(e), this.debug = e.debug || "";
    }
    drawContext(e, t2, r3, n, i2) {
      return O(this, null, function* () {
        let o2 = ft(n), a = new Point((o2.x + X) / (X * 2), 1 - (o2.y + X) / (X * 2)).clone().mult(S(2, i2) * 256).sub(new Point(t2 / 2, r3 / 2)), c2 = { minX: a.x, minY: a.y, maxX: a.x + t2, maxY: a.y + r3 }, m2 = [];
        for (let [p2, y2] of this.views) {
          let D = y2.getBbox(i2, c2);
          m2.push({ key: p2, promise: D });
        }
        let d2 = yield Promise.all(m2.map((p2) => p2.promise.then((y2) => ({ status: "fulfilled", value: y2, key: p2.key }), (y2) => ({ status: "rejected", value: [], reason: y2, key: p2.key })))), f2 = /* @__PURE__ */ new Map();
        for (let p2 of d2) p2.status === "fulfilled" && f2.set(p2.key, p2.value);
        let b2 = performance.now(), x2 = new V(i2, e, this.labelRules, 16, void 0), g2 = x2.add(f2);
        this.backgroundColor && (e.save(), e.fillStyle = this.backgroundColor, e.fillRect(0, 0, t2, r3), e.restore());
        let w = this.paintRules, k2 = ce(e, i2, f2, x2.index, w, c2, a, true, this.debug);
        if (this.debug) {
          e.save(), e.translate(-a.x, -a.y), e.strokeStyle = this.debug, e.fillStyle = this.debug, e.font = "12px sans-serif";
          let p2 = 0;
          for (let [y2, D] of f2) {
            for (let h2 of D) {
              e.strokeRect(h2.origin.x, h2.origin.y, h2.dim, h2.dim);
              let C2 = h2.dataTile;
              e.fillText(`${y2 + (y2 ? " " : "") + C2.z} ${C2.x} ${C2.y}`, h2.origin.x + 4, h2.origin.y + 14 * (1 + p2));
            }
            p2++;
          }
          e.restore();
        }
        return { elapsed: performance.now() - b2, project: _t(a, i2), unproject: Nt(a, i2) };
      });
    }
    drawCanvas(i2, o2, l2) {
      return O(this, arguments, function* (e, t2, r3, n = {}) {
        let a = window.devicePixelRatio, c2 = e.clientWidth, m2 = e.clientHeight;
        e.width === c2 * a && e.height === m2 * a || (e.width = c2 * a, e.height = m2 * a), n.lang && (e.lang = n.lang);
        let d2 = e.getContext("2d");
        if (!d2) {
          console.error("Failed to initialize canvas2d context.");
          return;
        }
        return d2.setTransform(a, 0, 0, a, 0, 0), this.drawContext(d2, c2, m2, t2, r3);
      });
    }
    drawContextBounds(e, t2, r3, n, i2) {
      return O(this, null, function* () {
        let o2 = r3.x - t2.x, l2 = new Point((t2.x + r3.x) / 2, (t2.y + r3.y) / 2);
        return this.drawContext(e, n, i2, l2, ct(o2, n));
      });
    }
    drawCanvasBounds(o2, l2, a, c2) {
      return O(this, arguments, function* (e, t2, r3, n, i2 = {}) {
        let m2 = r3.x - t2.x, d2 = new Point((t2.x + r3.x) / 2, (t2.y + r3.y) / 2);
        return this.drawCanvas(e, d2, ct(m2, n), i2);
      });
    }
  };
  u2(Ze, "Static");
  var Jt = u2((s2) => new Promise((e) => {
    setTimeout(() => {
      e();
    }, s2);
  }), "timer");
  var Wt = u2((s2) => s2.then((e) => ({ status: "fulfilled", value: e }), (e) => ({ status: "rejected", reason: e })), "reflect");
  var Pn = u2((s2 = {}) => {
    let t2 = class t extends L.GridLayer {
      constructor(n = {}) {
        var o2;
        if (n.noWrap && !n.bounds && (n.bounds = [[-90, -180], [90, 180]]), n.attribution == null && (n.attribution = '<a href="https://protomaps.com">Protomaps</a> © <a href="https://openstreetmap.org/copyright">OpenStreetMap</a>'), super(n), n.flavor) {
          let l2 = C(n.flavor);
          this.paintRules = se(l2), this.labelRules = oe(l2, n.lang || "en"), this.backgroundColor = l2.background;
        } else this.paintRules = n.paintRules || [], this.labelRules = n.labelRules || [], this.backgroundColor = n.backgroundColor;
        this.devicePixelRatio = (o2 = n.devicePixelRatio) != null ? o2 : window.devicePixelRatio, this.lastRequestedZ = void 0, this.tasks = n.tasks || [], this.views = ue(n), this.debug = n.debug;
        let i2 = document.createElement("canvas").getContext("2d");
        this.scratch = i2, this.onTilesInvalidated = (l2) => {
          for (let a of l2) this.rerenderTile(a);
        }, this.labelers = new Z(this.scratch, this.labelRules, 16, this.onTilesInvalidated), this.tileSize = 256 * this.devicePixelRatio, this.tileDelay = n.tileDelay || 3, this.lang = n.lang;
      }
      renderTile(n, i2, o2, l2 = () => {
      }) {
        return O(this, null, function* () {
          this.lastRequestedZ = n.z;
          let a = [];
          for (let [z, A] of this.views) {
            let me = A.getDisplayTile(n);
            a.push({ key: z, promise: me });
          }
          let c2 = yield Promise.all(a.map((z) => z.promise.then((A) => ({ status: "fulfilled", value: A, key: z.key }), (A) => ({ status: "rejected", reason: A, key: z.key })))), m2 = /* @__PURE__ */ new Map();
          for (let z of c2) z.status === "fulfilled" ? m2.set(z.key, [z.value]) : z.reason.name === "AbortError" || console.error(z.reason);
          if (i2.key !== o2 || this.lastRequestedZ !== n.z || (yield Promise.all(this.tasks.map(Wt)), i2.key !== o2) || this.lastRequestedZ !== n.z) return;
          let d2 = this.labelers.add(n.z, m2);
          if (i2.key !== o2 || this.lastRequestedZ !== n.z) return;
          let f2 = this.labelers.getIndex(n.z);
          if (!this._map) return;
          let b2 = this._map.getCenter().wrap(), x2 = this._getTiledPixelBounds(b2), w = this._pxBoundsToTileRange(x2).getCenter(), k2 = n.distanceTo(w) * this.tileDelay;
          if (yield Jt(k2), i2.key !== o2 || this.lastRequestedZ !== n.z) return;
          let p2 = 16, y2 = { minX: 256 * n.x - p2, minY: 256 * n.y - p2, maxX: 256 * (n.x + 1) + p2, maxY: 256 * (n.y + 1) + p2 }, D = new Point(256 * n.x, 256 * n.y);
          i2.width = this.tileSize, i2.height = this.tileSize;
          let h2 = i2.getContext("2d");
          if (!h2) {
            console.error("Failed to get Canvas context");
            return;
          }
          h2.setTransform(this.tileSize / 256, 0, 0, this.tileSize / 256, 0, 0), h2.clearRect(0, 0, 256, 256), this.backgroundColor && (h2.save(), h2.fillStyle = this.backgroundColor, h2.fillRect(0, 0, 256, 256), h2.restore());
          let C2 = 0, P = this.paintRules;
          if (C2 = ce(h2, n.z, m2, this.xray ? null : f2, P, y2, D, false, this.debug), this.debug) {
            h2.save(), h2.fillStyle = this.debug, h2.font = "600 12px sans-serif", h2.fillText(`${n.z} ${n.x} ${n.y}`, 4, 14), h2.font = "12px sans-serif";
            let z = 28;
            for (let [A, me] of m2) {
              let fe = me[0].dataTile;
              h2.fillText(`${A + (A ? " " : "") + fe.z} ${fe.x} ${fe.y}`, 4, z), z += 14;
            }
            h2.font = "600 10px sans-serif", C2 > 8 && (h2.fillText(`${C2.toFixed()} ms paint`, 4, z), z += 14), d2 > 8 && h2.fillText(`${d2.toFixed()} ms layout`, 4, z), h2.strokeStyle = this.debug, h2.lineWidth = 0.5, h2.beginPath(), h2.moveTo(0, 0), h2.lineTo(0, 256), h2.stroke(), h2.lineWidth = 0.5, h2.beginPath(), h2.moveTo(0, 0), h2.lineTo(256, 0), h2.stroke(), h2.restore();
          }
          l2();
        });
      }
      rerenderTile(n) {
        for (let i2 in this._tiles) {
          let o2 = this._wrapCoords(this._keyToTileCoords(i2));
          n === this._tileCoordsToKey(o2) && this.renderTile(o2, this._tiles[i2].el, n);
        }
      }
      queryTileFeaturesDebug(n, i2, o2 = 16) {
        let l2 = /* @__PURE__ */ new Map();
        for (let [a, c2] of this.views) l2.set(a, c2.queryFeatures(n, i2, this._map.getZoom(), o2));
        return l2;
      }
      clearLayout() {
        this.labelers = new Z(this.scratch, this.labelRules, 16, this.onTilesInvalidated);
      }
      rerenderTiles() {
        for (let n in this._tiles) {
          let i2 = this._wrapCoords(this._keyToTileCoords(n)), o2 = this._tileCoordsToKey(i2);
          this.renderTile(i2, this._tiles[n].el, o2);
        }
      }
      createTile(n, i2) {
        let o2 = L.DomUtil.create("canvas", "leaflet-tile");
        o2.lang = this.lang;
        let l2 = this._tileCoordsToKey(n);
        return o2.key = l2, this.renderTile(n, o2, l2, () => {
          i2(void 0, o2);
        }), o2;
      }
      _removeTile(n) {
        let i2 = this._tiles[n];
        i2 && (i2.el.removed = true, i2.el.key = void 0, L.DomUtil.removeClass(i2.el, "leaflet-tile-loaded"), i2.el.width = i2.el.height = 0, L.DomUtil.remove(i2.el), delete this._tiles[n], this.fire("tileunload", { tile: i2.el, coords: this._keyToTileCoords(n) }));
      }
    };
    u2(t2, "LeafletLayer");
    let e = t2;
    return new e(s2);
  }, "leafletLayer");
  var Cn = u2((s2, e, t2) => {
    let r3 = new FontFace(s2, `url(${e})`, { weight: t2 });
    return document.fonts.add(r3), r3.load();
  }, "Font");
  var dt = u2((s2) => O(void 0, null, function* () {
    return new Promise((e, t2) => {
      let r3 = new Image();
      r3.onload = () => e(r3), r3.onerror = () => t2("Invalid SVG"), r3.src = s2;
    });
  }), "mkimg");
  var Vt = `
<svg width="20px" height="20px" viewBox="0 0 50 50" version="1.1" xmlns="http://www.w3.org/2000/svg">
    <rect width="50" height="50" fill="#cccccc"/>
    <g transform="translate(5,5)">
        <path fill="none" stroke="#666666" stroke-width="7" d="m11,12a8.5,8 0 1,1 17,0q0,4-4,6t-4.5,4.5-.4,4v.2m0,3v7"/>
    </g>
</svg>
`;
  var qe = class qe2 {
    constructor(e) {
      this.src = e, this.canvas = document.createElement("canvas"), this.mapping = /* @__PURE__ */ new Map(), this.missingBox = { x: 0, y: 0, w: 0, h: 0 };
    }
    load() {
      return O(this, null, function* () {
        let e = this.src, t2 = window.devicePixelRatio;
        e.endsWith(".html") && (e = yield (yield fetch(e)).text());
        let r3 = new window.DOMParser().parseFromString(e, "text/html"), n = Array.from(r3.body.children), i2 = yield dt(`data:image/svg+xml;base64,${btoa(Vt)}`), o2 = [{ w: i2.width * t2, h: i2.height * t2, img: i2, id: "" }], l2 = new XMLSerializer();
        for (let m2 of n) {
          let f2 = `data:image/svg+xml;base64,${btoa(l2.serializeToString(m2))}`, b2 = yield dt(f2);
          o2.push({ w: b2.width * t2, h: b2.height * t2, img: b2, id: m2.id });
        }
        let a = potpack(o2);
        this.canvas.width = a.w, this.canvas.height = a.h;
        let c2 = this.canvas.getContext("2d");
        if (c2) for (let m2 of o2) m2.x !== void 0 && m2.y !== void 0 && (c2.drawImage(m2.img, m2.x, m2.y, m2.w, m2.h), m2.id ? this.mapping.set(m2.id, { x: m2.x, y: m2.y, w: m2.w, h: m2.h }) : this.missingBox = { x: m2.x, y: m2.y, w: m2.w, h: m2.h });
        return this;
      });
    }
    get(e) {
      let t2 = this.mapping.get(e);
      return t2 || (t2 = this.missingBox), t2;
    }
  };
  u2(qe, "Sheet");

  // learning_map/web/frontend/src/basemap.js
  var COLORS = {
    land: "#f4f1ea",
    water: "#a8d0ea",
    waterLabel: "#2f6690",
    park: "#c8e6b5",
    wood: "#b4d89f",
    grass: "#d4ebc3",
    pitch: "#bde3b0",
    beach: "#f3e8c0",
    cemetery: "#d5e2cc",
    building: "#dcd8d0",
    buildingEdge: "#c9c3b8",
    casing: "#cbc3b5",
    street: "#ffffff",
    major: "#fbd27a",
    majorCasing: "#d8a640",
    path: "#a99f90",
    label: "#34312c",
    placeLabel: "#4a4540",
    parkLabel: "#2e6b2a",
    halo: "#ffffff"
  };
  var FONT_STACK = '"Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK HK", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans", sans-serif';
  var MAX_DATA_ZOOM = 15;
  function dataZoomOf(header) {
    return Math.min(MAX_DATA_ZOOM, header.maxZoom);
  }
  function nameKeys(lang) {
    if (lang === "zh-Hans") return ["name_zh_hans", "name:zh-Hans", "name:zh", "name"];
    if (lang === "zh-Hant") return ["name_zh_hant", "name:zh-Hant", "name:zh", "name"];
    if (lang === "pt") return ["name:pt", "name:en", "name"];
    if (lang && lang.startsWith("zh")) return ["name:zh", "name"];
    return ["name:en", "name:pt", "name"];
  }
  function widths(stops) {
    return (z) => {
      if (z <= stops[0][0]) return stops[0][1];
      for (let i2 = 1; i2 < stops.length; i2++) {
        const [z1, w1] = stops[i2];
        const [z0, w0] = stops[i2 - 1];
        if (z <= z1) return w0 + (w1 - w0) * (z - z0) / (z1 - z0);
      }
      return stops[stops.length - 1][1];
    };
  }
  var ROAD_WIDTHS = {
    major: widths([[10, 1.2], [13, 3], [15, 7], [18, 20]]),
    medium: widths([[11, 0.8], [13, 2.2], [15, 5], [18, 16]]),
    minor: widths([[13, 0.8], [15, 3], [18, 11]]),
    service: widths([[14, 0.6], [16, 2], [18, 6]]),
    path: widths([[15, 0.7], [18, 2]])
  };
  var kindIs = (...kinds) => (z, f2) => kinds.includes(f2.props.kind);
  function roadRules() {
    const rules = [];
    const casing = (kind, color, minzoom) => rules.push({
      dataLayer: "roads",
      minzoom,
      filter: kindIs(kind),
      symbolizer: new R2({ color, width: (z) => ROAD_WIDTHS[kind](z) + (z >= 15 ? 2 : 1), lineCap: "round", lineJoin: "round" })
    });
    const fill2 = (kind, color) => rules.push({
      dataLayer: "roads",
      filter: kindIs(kind),
      symbolizer: new R2({ color, width: ROAD_WIDTHS[kind], lineCap: "round", lineJoin: "round" })
    });
    rules.push({
      dataLayer: "roads",
      filter: kindIs("path"),
      symbolizer: new R2({ color: COLORS.path, width: ROAD_WIDTHS.path, dash: [2, 2], dashColor: COLORS.path, dashWidth: ROAD_WIDTHS.path })
    });
    casing("service", COLORS.casing, 15);
    casing("minor", COLORS.casing, 14);
    casing("medium", COLORS.casing, 13);
    casing("major", COLORS.majorCasing, 12);
    fill2("service", COLORS.street);
    fill2("minor", COLORS.street);
    fill2("medium", COLORS.street);
    fill2("major", COLORS.major);
    return rules;
  }
  function paintRules() {
    const area = (kind, fill2) => ({
      dataLayer: "landcover",
      filter: kindIs(kind),
      symbolizer: new T({ fill: fill2 })
    });
    return [
      area("wood", COLORS.wood),
      area("grass", COLORS.grass),
      area("park", COLORS.park),
      area("pitch", COLORS.pitch),
      area("beach", COLORS.beach),
      area("cemetery", COLORS.cemetery),
      { dataLayer: "water", symbolizer: new T({ fill: COLORS.water }) },
      {
        dataLayer: "waterway",
        symbolizer: new R2({ color: COLORS.water, width: widths([[10, 1], [15, 3], [18, 8]]) })
      },
      {
        dataLayer: "buildings",
        symbolizer: new T({ fill: COLORS.building, stroke: COLORS.buildingEdge, width: 0.5 })
      },
      ...roadRules()
    ];
  }
  var PLACE_SIZE = { city: 17, town: 16, island: 15, suburb: 15, quarter: 14, village: 13 };
  function labelText(props, lang) {
    const key = nameKeys(lang).find((k2) => typeof props[k2] === "string" && props[k2]);
    return key ? props[key] : null;
  }
  var MarkedLabels = class {
    constructor(layerName, inner, language) {
      this.layerName = layerName;
      this.inner = inner;
      this.language = language;
    }
    place(layout, geom, feature) {
      const placed = this.inner.place(layout, geom, feature);
      if (placed) {
        const mark = { layer: this.layerName, text: labelText(feature.props, this.language.lang) };
        for (const label of placed) label.draw.lmLabel = mark;
      }
      return placed;
    }
  };
  function labelRules(language) {
    const labelProps = () => nameKeys(language.lang);
    return rawLabelRules(labelProps).map((rule) => ({
      ...rule,
      symbolizer: new MarkedLabels(rule.mark || rule.dataLayer, rule.symbolizer, language)
    }));
  }
  function rawLabelRules(labelProps) {
    return [
      {
        dataLayer: "places",
        filter: (z, f2) => f2.props.kind !== "park" && f2.props.kind !== "water",
        symbolizer: new j({
          labelProps,
          fontFamily: FONT_STACK,
          fontWeight: 600,
          fontSize: (z, f2) => PLACE_SIZE[f2.props.kind] || 13,
          fill: COLORS.placeLabel,
          stroke: COLORS.halo,
          width: 3,
          maxLineChars: 14
        }),
        sort: (a, b2) => (PLACE_SIZE[b2.kind] || 0) - (PLACE_SIZE[a.kind] || 0)
      },
      {
        dataLayer: "places",
        filter: kindIs("park"),
        mark: "parks",
        symbolizer: new j({
          labelProps,
          fontFamily: FONT_STACK,
          fontSize: 12,
          fill: COLORS.parkLabel,
          stroke: COLORS.halo,
          width: 2.5,
          maxLineChars: 10
        })
      },
      {
        dataLayer: "places",
        filter: kindIs("water"),
        mark: "water",
        symbolizer: new j({
          labelProps,
          fontFamily: FONT_STACK,
          fontSize: 12,
          fontStyle: "italic",
          fill: COLORS.waterLabel,
          stroke: COLORS.halo,
          width: 2.5,
          maxLineChars: 10
        })
      },
      {
        dataLayer: "roads",
        minzoom: 14,
        filter: (z, f2) => f2.props.kind !== "path" || z >= 17,
        symbolizer: new $({
          labelProps,
          fontFamily: FONT_STACK,
          fontSize: 12,
          fill: COLORS.label,
          stroke: COLORS.halo,
          width: 3,
          position: Rt.Center,
          repeatDistance: 400
        })
      }
    ];
  }
  function basemapLayer(archive, lang) {
    const url = typeof archive === "string" ? new PMTiles(archive) : new PMTiles(new FileSource(new File([archive], "basemap.pmtiles")));
    const language = { lang };
    const layer = Pn({
      url,
      paintRules: paintRules(),
      labelRules: labelRules(language),
      backgroundColor: COLORS.land,
      maxDataZoom: MAX_DATA_ZOOM,
      maxZoom: 19,
      attribution: "",
      // OpenStreetMap is credited in the map's own attribution line
      lang
    });
    layer.colors = COLORS;
    url.getHeader().then((header) => {
      const dataZoom = dataZoomOf(header);
      if (dataZoom >= MAX_DATA_ZOOM) return;
      for (const view of layer.views.values()) view.maxDataLevel = dataZoom;
      layer.clearLayout();
      layer.rerenderTiles();
    }).catch(() => {
    });
    layer.placedLabels = () => {
      const index = layer._map && layer.labelers.getIndex(Math.round(layer._map.getZoom()));
      if (!index) return [];
      return index.tree.all().map((entry) => entry.indexedLabel.draw.lmLabel).filter(Boolean);
    };
    layer.setLanguage = (next) => {
      if (next === language.lang) return;
      language.lang = next;
      layer.clearLayout();
      layer.rerenderTiles();
    };
    return layer;
  }

  // learning_map/web/frontend/src/map.js
  var Attribution = L.Control.extend({
    options: { position: "bottomright" },
    initialize(parts, options) {
      L.setOptions(this, options);
      this.parts = parts;
    },
    onAdd() {
      const box = el("div", null, "leaflet-control-attribution");
      this.parts.forEach((part, i2) => {
        if (i2) box.append(document.createTextNode(" | "));
        box.append(part.url ? linkOrText(part.text, part.url) : document.createTextNode(part.text));
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });
  function tileLayer(url) {
    return L.tileLayer(url, { maxZoom: 19 });
  }
  function addBackground(map2, { tilesUrl, basemap, lang }) {
    let offline = null;
    let current = lang;
    const useBasemap = () => {
      if (offline || !basemap) return;
      offline = basemapLayer(basemap, current).addTo(map2);
      offline.bringToBack();
      window.learningBasemap = offline;
    };
    if (tilesUrl) tileLayer(tilesUrl).on("tileerror", useBasemap).addTo(map2);
    else useBasemap();
    return {
      setLanguage(next) {
        current = next;
        if (offline) offline.setLanguage(next);
      }
    };
  }

  // learning_map/web/frontend/src/symbols.js
  var SYMBOLS = {
    "category": {
      "community_learning": {
        "shape": "circle",
        "color": "#009E73",
        "outline": "#FFFFFF",
        "order": 1
      },
      "elderly_education": {
        "shape": "hexagon",
        "color": "#D55E00",
        "outline": "#FFFFFF",
        "order": 2
      },
      "library": {
        "shape": "square",
        "color": "#0072B2",
        "outline": "#FFFFFF",
        "order": 3
      },
      "cultural_centre": {
        "shape": "diamond",
        "color": "#CC79A7",
        "outline": "#000000",
        "order": 4
      },
      "school": {
        "shape": "triangle",
        "color": "#E69F00",
        "outline": "#000000",
        "order": 5
      },
      "college": {
        "shape": "pentagon",
        "color": "#56B4E9",
        "outline": "#000000",
        "order": 6
      },
      "university": {
        "shape": "star",
        "color": "#F0E442",
        "outline": "#000000",
        "order": 7
      }
    },
    "subtype": {
      "senior_university": {
        "shape": "star",
        "color": "#D55E00",
        "outline": "#FFFFFF",
        "order": 1
      },
      "senior_school": {
        "shape": "square",
        "color": "#D55E00",
        "outline": "#FFFFFF",
        "order": 2
      },
      "neighbourhood_model_point": {
        "shape": "hexagon",
        "color": "#D55E00",
        "outline": "#FFFFFF",
        "order": 3
      },
      "social_learning_point": {
        "shape": "triangle",
        "color": "#E69F00",
        "outline": "#000000",
        "order": 4
      },
      "care_education_point": {
        "shape": "diamond",
        "color": "#CC79A7",
        "outline": "#000000",
        "order": 5
      }
    },
    "fallback": {
      "shape": "circle",
      "color": "#767676",
      "outline": "#FFFFFF",
      "order": 99
    }
  };

  // learning_map/web/frontend/src/icons.js
  var SVG_NS = "http://www.w3.org/2000/svg";
  var SHAPES = {
    circle: "M12 2.5a9.5 9.5 0 1 1 0 19a9.5 9.5 0 1 1 0-19z",
    square: "M3.5 3.5h17v17h-17z",
    diamond: "M12 1.5L22.5 12L12 22.5L1.5 12z",
    triangle: "M12 2L22.5 21H1.5z",
    hexagon: "M12 1.8L21 7v10l-9 5.2L3 17V7z",
    pentagon: "M12 2l10 7.3l-3.8 11.7H5.8L2 9.3z",
    star: "M12 1.5l3 7.2l7.6.4l-5.9 4.9l2 7.5L12 17.3l-6.6 4.2l2-7.5l-5.9-4.9l7.6-.4z"
  };
  var CATEGORY_ICONS = SYMBOLS.category;
  var SUBTYPE_ICONS = SYMBOLS.subtype;
  function categoryIcon(key, subtype = null) {
    if (subtype && Object.hasOwn(SUBTYPE_ICONS, subtype)) return SUBTYPE_ICONS[subtype];
    return Object.hasOwn(CATEGORY_ICONS, key) ? CATEGORY_ICONS[key] : SYMBOLS.fallback;
  }
  function shapePath(shape) {
    return Object.hasOwn(SHAPES, shape) ? SHAPES[shape] : SHAPES.circle;
  }
  function iconSvg(key, size = 24, subtype = null) {
    const { shape, color, outline } = categoryIcon(key, subtype);
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `cat-icon cat-${shape}`);
    svg.dataset.category = key;
    if (subtype) svg.dataset.subtype = subtype;
    svg.dataset.shape = shape;
    svg.dataset.fill = color;
    svg.dataset.outline = outline;
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", shapePath(shape));
    path.setAttribute("fill", color);
    path.setAttribute("stroke", outline);
    path.setAttribute("stroke-width", "1.6");
    path.setAttribute("stroke-linejoin", "round");
    svg.append(path);
    return svg;
  }

  // learning_map/web/frontend/src/messages.js
  var MESSAGES = {
    "zh_Hans": {
      " (show on the map)": "（在地图上显示）",
      "15-minute learning circle": "15分钟学习圈",
      "15-minute learning circles · planning assessment": "15分钟学习圈 · 规划评估",
      "Added {name} ({lon}, {lat})": "新增 {name}（{lon}, {lat}）",
      "Address": "地址",
      "Adult (4.8 km/h)": "成人（4.8 km/h）",
      "Afternoon": "下午",
      "All": "全部",
      "All categories": "全部类别",
      "All cities": "全部城市",
      "All learning sites": "全部学习场所",
      "All ways": "全部道路",
      "Analysis": "分析设置",
      "Any": "不限",
      "At most {n} closed site.": [
        "最多关闭 {n} 处场所。"
      ],
      "At most {n} proposed site.": [
        "最多 {n} 处拟建场所。"
      ],
      "Back to learning sites": "返回学习场所",
      "Back to the start": "回到起点",
      "Beyond the walk": "步行范围外",
      "Cancel": "取消",
      "Categories": "类别",
      "Category": "类别",
      "Change": "变化",
      "Citizen map": "市民地图",
      "City total": "全市合计",
      "City totals": "仅全市",
      "Clear all": "清除全部",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "点击地图选一个起点，查看步行可达的学习场所。",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "点击地图新增拟建场所；点击场所关闭或恢复；点击拟建场所将其移除。",
      "Closed (scenario)": "已关闭（方案）",
      "Closed {name}": "关闭 {name}",
      "College": "学院",
      "Community school / learning point": "社区学校/学习点",
      "Computing…": "正在计算…",
      "Contact (optional)": "联系方式（可选）",
      "Course type": "课程类别",
      "Courses": "课程",
      "Cultural centre": "文化中心",
      "Culture": "文化",
      "Curated route": "推荐路线",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "推荐路线「{title}」：{stops} 站，{km} 公里，约 {adult} 分钟（长者约 {elderly} 分钟）。",
      "Day": "日期",
      "Details": "详情",
      "Downloads": "下载",
      "Elderly": "老年人",
      "Elderly (3.3 km/h)": "老年人（3.3 km/h）",
      "Elderly education": "老年教育",
      "Elderly residents": "老年居民",
      "Enrolling": "报名中",
      "Enrolling now only": "只看报名中",
      "Error: {message}": "出错了：{message}",
      "Evening": "晚上",
      "Failures only": "仅未达标",
      "Finding the city…": "正在查找城市…",
      "For": "对象",
      "Fri": "周五",
      "Gap areas": "覆盖盲区",
      "Gaps": "盲区",
      "History": "历史",
      "How many": "数量",
      "Humanities walk": "人文行走",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "人文行走：{stops} 个站点，全程 {km} 公里，约 {adult} 分钟（老年人约 {elderly} 分钟），回到起点。",
      "Language": "语言",
      "Learning-circle planner": "学习圈规划工具",
      "Length": "时长",
      "Library": "图书馆",
      "Limit": "限值",
      "Locate me": "定位我的位置",
      "Locating…": "正在定位…",
      "Location unavailable: click the map instead": "无法获取位置，请点击地图",
      "Map data": "地图数据",
      "Map figure": "地图指标",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "地图：方向键移动，加减号缩放；按“查询地图中心”从十字处查询",
      "Mon": "周一",
      "Morning": "上午",
      "Moved to {lon}, {lat}; save to keep it": "已移到 {lon}, {lat}；保存后生效",
      "No changes (as is)": "尚无变更（现状）",
      "No gap areas.": "没有覆盖盲区。",
      "No humanities sight can be reached and walked back from in this time.": "附近没有可在此时长内走到的人文景点。",
      "No learning site can be reached on foot from here.": "附近没有可步行到达的学习场所。",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "步行 {minutes} 分钟内此刻没有开放的学习场所（取消“只看开放中”可查看全部）。",
      "No learning site within a {minutes}-minute walk offers a matching course.": "步行 {minutes} 分钟内没有开设符合条件课程的学习场所。",
      "No learning site within a {minutes}-minute walk.": "步行 {minutes} 分钟内没有可到达的学习场所。",
      "No matching place found.": "没有找到匹配的地点。",
      "No new site adds anyone.": "新增场所已无法覆盖更多居民。",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "未配置报告单元：显示全市合计、盲区与建议新址。启动时加 --units 文件:字段 可显示分区图与标准评估。",
      "No site found": "没有找到场所",
      "Normal": "正常",
      "Now": "现在",
      "Offers": "服务内容",
      "Older people": "老年人",
      "Open at": "开放时间",
      "Open now only": "只看开放中",
      "Opening hours": "开放时间",
      "Pace": "步速",
      "Phone": "电话",
      "Placed at {lon}, {lat}; save to keep it": "已放在 {lon}, {lat}；保存后生效",
      "Placed by hand at {lon}, {lat}": "已手动放置于 {lon}, {lat}",
      "Planning a humanities walk…": "正在规划人文行走路线…",
      "Please describe the mistake.": "请填写纠错内容。",
      "Print": "打印",
      "Propose it": "采纳为拟建",
      "Proposed site": "拟建场所",
      "Proposed site category": "拟建场所类别",
      "R": "休",
      "Recommended": "建议新址",
      "Recommended site {n}": "建议新址 {n}",
      "Recommended sites": "建议新址",
      "Report a mistake": "纠错",
      "Report a mistake: {name}": "纠错：{name}",
      "Required": "要求",
      "Residents": "居民",
      "Rest": "休息点",
      "Rest point (bench, toilet…)": "休息点（长椅、洗手间等）",
      "Results": "结果",
      "Route": "路线",
      "Rule": "规则",
      "Sat": "周六",
      "Scenario": "方案",
      "School": "中小学",
      "Search": "搜索",
      "Search a place or learning site": "搜索地点或学习场所",
      "Search from map centre": "查询地图中心",
      "Send": "提交",
      "Sending…": "正在提交…",
      "Share of elderly residents": "老年居民覆盖率",
      "Share of residents": "居民覆盖率",
      "Show": "显示",
      "Show fewer results": "收起结果",
      "Show more results": "展开结果",
      "Site category": "场所类别",
      "Sites": "场所",
      "Sites (with scenario)": "场所（含方案）",
      "Standard": "评估标准",
      "Standards scorecard": "标准评估",
      "Step-free": "无台阶",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "已采用建议 {n}：{lon}, {lat}；保存后生效",
      "Suggestion {n}: {name}": "建议 {n}：{name}",
      "Sun": "周日",
      "Thank you, sent": "谢谢，已提交",
      'The nearest is "{name}", about {minutes} min on foot.': "最近的是「{name}」，步行约 {minutes} 分钟。",
      "The row's place (drag to move)": "该行的位置（拖动可移动）",
      "Theme": "主题",
      "This browser cannot locate you": "此浏览器无法定位",
      "Thu": "周四",
      "Time": "时刻",
      "Time of day": "时段",
      "Today": "今天",
      "Tomorrow": "明天",
      "Tue": "周二",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "打开推演模式后，点击地图新增拟建场所，点击现有场所将其关闭。",
      "Undo": "撤销",
      "Unit": "单元",
      "Unit figures": "分区指标",
      "Units": "分区",
      "University": "大学",
      "Updated ({ms} ms)": "已更新（{ms} 毫秒）",
      "Value": "实际",
      "Verdict": "结论",
      "Walk": "步行时间",
      'Walking route to "{name}": about {minutes} min': "到「{name}」的步行路线：约 {minutes} 分钟",
      "Ways": "路线",
      "Website": "网站",
      "Wed": "周三",
      "Weekday": "星期",
      "What is wrong?": "哪里有误？",
      "What-if mode: off": "推演模式：关",
      "What-if mode: on": "推演模式：开",
      "What-if scenario": "方案推演（假设分析）",
      "Within the walk": "步行范围内",
      "You are here": "您的位置",
      "Young people": "青少年",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "adds {n} elderly resident · {share} in all": [
        "新增覆盖 {n} 名老年居民 · 累计 {share}"
      ],
      "adds {n} resident · {share} in all": [
        "新增覆盖 {n} 名居民 · 累计 {share}"
      ],
      "at least {n} site": [
        "至少 {n} 处场所"
      ],
      "fail": "未达标",
      "in metres": "按米",
      "min": "分钟",
      "n/a": "不适用",
      "nearest: {name}, {minutes} min on foot": "最近场所：{name}，步行 {minutes} 分钟",
      "no residents": "无居民",
      "no such site within reach": "步行范围内无同类场所",
      "pass": "达标",
      "{adult} min walk (older people {elderly} min)": "步行 {adult} 分钟（老年人 {elderly} 分钟）",
      "{minutes} min walk · {metres} m": "步行 {minutes} 分钟 · {metres} 米",
      "{n} categories": "{n} 个类别",
      "{n} elderly resident not covered": [
        "未覆盖 {n} 名老年居民"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} 名老年居民 · {area} 公顷"
      ],
      "{n} learning sites within a {minutes}-minute walk": "步行 {minutes} 分钟内可到达 {n} 处学习场所",
      "{n} resident not covered": [
        "未覆盖 {n} 名居民"
      ],
      "{n} resident · {area} ha": [
        "{n} 名居民 · {area} 公顷"
      ],
      "{n} site: zoom in": [
        "{n} 个场所：放大查看"
      ],
      "{n} smaller gap not listed": [
        "另有 {n} 处较小盲区"
      ],
      "{passed} of {n} check passes": [
        "{n} 项检查中 {passed} 项达标"
      ],
      "{share} covered": "覆盖率 {share}",
      "{who} ({minutes} min)": "{who}（{minutes} 分钟）"
    },
    "zh_Hant": {
      " (show on the map)": "（在地圖上顯示）",
      "15-minute learning circle": "15分鐘學習圈",
      "15-minute learning circles · planning assessment": "15分鐘學習圈 · 規劃評估",
      "Added {name} ({lon}, {lat})": "新增 {name}（{lon}, {lat}）",
      "Address": "地址",
      "Adult (4.8 km/h)": "成人（4.8 km/h）",
      "Afternoon": "下午",
      "All": "全部",
      "All categories": "全部類別",
      "All cities": "全部城市",
      "All learning sites": "全部學習場所",
      "All ways": "全部道路",
      "Analysis": "分析設定",
      "Any": "不限",
      "At most {n} closed site.": [
        "最多關閉 {n} 處場所。"
      ],
      "At most {n} proposed site.": [
        "最多 {n} 處擬建場所。"
      ],
      "Back to learning sites": "返回學習場所",
      "Back to the start": "回到起點",
      "Beyond the walk": "步行範圍外",
      "Cancel": "取消",
      "Categories": "類別",
      "Category": "類別",
      "Change": "變化",
      "Citizen map": "市民地圖",
      "City total": "全市合計",
      "City totals": "僅全市",
      "Clear all": "清除全部",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "點擊地圖選一個起點，查看步行可達的學習場所。",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "點擊地圖新增擬建場所；點擊場所關閉或恢復；點擊擬建場所將其移除。",
      "Closed (scenario)": "已關閉（方案）",
      "Closed {name}": "關閉 {name}",
      "College": "學院",
      "Community school / learning point": "社區學校/學習點",
      "Computing…": "正在計算…",
      "Contact (optional)": "聯絡方式（選填）",
      "Course type": "課程類別",
      "Courses": "課程",
      "Cultural centre": "文化中心",
      "Culture": "文化",
      "Curated route": "推薦路線",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "推薦路線「{title}」：{stops} 站，{km} 公里，約 {adult} 分鐘（長者約 {elderly} 分鐘）。",
      "Day": "日期",
      "Details": "詳情",
      "Downloads": "下載",
      "Elderly": "長者",
      "Elderly (3.3 km/h)": "長者（3.3 km/h）",
      "Elderly education": "長者教育",
      "Elderly residents": "長者居民",
      "Enrolling": "報名中",
      "Enrolling now only": "只看報名中",
      "Error: {message}": "出錯了：{message}",
      "Evening": "晚上",
      "Failures only": "僅未達標",
      "Finding the city…": "正在尋找城市…",
      "For": "對象",
      "Fri": "週五",
      "Gap areas": "覆蓋盲區",
      "Gaps": "盲區",
      "History": "歷史",
      "How many": "數量",
      "Humanities walk": "人文行走",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "人文行走：{stops} 個站點，全程 {km} 公里，約 {adult} 分鐘（長者約 {elderly} 分鐘），回到起點。",
      "Language": "語言",
      "Learning-circle planner": "學習圈規劃工具",
      "Length": "時長",
      "Library": "圖書館",
      "Limit": "限值",
      "Locate me": "定位我的位置",
      "Locating…": "正在定位…",
      "Location unavailable: click the map instead": "無法取得位置，請點擊地圖",
      "Map data": "地圖資料",
      "Map figure": "地圖指標",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "地圖：方向鍵移動，加減號縮放；按「查詢地圖中心」從十字處查詢",
      "Mon": "週一",
      "Morning": "上午",
      "Moved to {lon}, {lat}; save to keep it": "已移到 {lon}, {lat}；儲存後生效",
      "No changes (as is)": "尚無變更（現狀）",
      "No gap areas.": "沒有覆蓋盲區。",
      "No humanities sight can be reached and walked back from in this time.": "附近沒有可在此時長內走到的人文景點。",
      "No learning site can be reached on foot from here.": "附近沒有可步行到達的學習場所。",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "步行 {minutes} 分鐘內此刻沒有開放的學習場所（取消「只看開放中」可查看全部）。",
      "No learning site within a {minutes}-minute walk offers a matching course.": "步行 {minutes} 分鐘內沒有開設符合條件課程的學習場所。",
      "No learning site within a {minutes}-minute walk.": "步行 {minutes} 分鐘內沒有可到達的學習場所。",
      "No matching place found.": "沒有找到相符的地點。",
      "No new site adds anyone.": "新增場所已無法覆蓋更多居民。",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "未設定報告單元：顯示全市合計、盲區與建議新址。啟動時加 --units 檔案:欄位 可顯示分區圖與標準評估。",
      "No site found": "找不到場所",
      "Normal": "正常",
      "Now": "現在",
      "Offers": "服務內容",
      "Older people": "長者",
      "Open at": "開放時間",
      "Open now only": "只看開放中",
      "Opening hours": "開放時間",
      "Pace": "步速",
      "Phone": "電話",
      "Placed at {lon}, {lat}; save to keep it": "已放在 {lon}, {lat}；儲存後生效",
      "Placed by hand at {lon}, {lat}": "已手動放置於 {lon}, {lat}",
      "Planning a humanities walk…": "正在規劃人文行走路線…",
      "Please describe the mistake.": "請填寫糾錯內容。",
      "Print": "列印",
      "Propose it": "採納為擬建",
      "Proposed site": "擬建場所",
      "Proposed site category": "擬建場所類別",
      "R": "休",
      "Recommended": "建議新址",
      "Recommended site {n}": "建議新址 {n}",
      "Recommended sites": "建議新址",
      "Report a mistake": "糾錯",
      "Report a mistake: {name}": "糾錯：{name}",
      "Required": "要求",
      "Residents": "居民",
      "Rest": "休息點",
      "Rest point (bench, toilet…)": "休息點（長椅、洗手間等）",
      "Results": "結果",
      "Route": "路線",
      "Rule": "規則",
      "Sat": "週六",
      "Scenario": "方案",
      "School": "中小學",
      "Search": "搜尋",
      "Search a place or learning site": "搜尋地點或學習場所",
      "Search from map centre": "查詢地圖中心",
      "Send": "提交",
      "Sending…": "正在提交…",
      "Share of elderly residents": "長者居民覆蓋率",
      "Share of residents": "居民覆蓋率",
      "Show": "顯示",
      "Show fewer results": "收起結果",
      "Show more results": "展開結果",
      "Site category": "場所類別",
      "Sites": "場所",
      "Sites (with scenario)": "場所（含方案）",
      "Standard": "評估標準",
      "Standards scorecard": "標準評估",
      "Step-free": "無台階",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "已採用建議 {n}：{lon}, {lat}；儲存後生效",
      "Suggestion {n}: {name}": "建議 {n}：{name}",
      "Sun": "週日",
      "Thank you, sent": "謝謝，已提交",
      'The nearest is "{name}", about {minutes} min on foot.': "最近的是「{name}」，步行約 {minutes} 分鐘。",
      "The row's place (drag to move)": "該行的位置（拖動可移動）",
      "Theme": "主題",
      "This browser cannot locate you": "此瀏覽器無法定位",
      "Thu": "週四",
      "Time": "時刻",
      "Time of day": "時段",
      "Today": "今天",
      "Tomorrow": "明天",
      "Tue": "週二",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "開啟推演模式後，點擊地圖新增擬建場所，點擊現有場所將其關閉。",
      "Undo": "撤銷",
      "Unit": "單元",
      "Unit figures": "分區指標",
      "Units": "分區",
      "University": "大學",
      "Updated ({ms} ms)": "已更新（{ms} 毫秒）",
      "Value": "實際",
      "Verdict": "結論",
      "Walk": "步行時間",
      'Walking route to "{name}": about {minutes} min': "到「{name}」的步行路線：約 {minutes} 分鐘",
      "Ways": "路線",
      "Website": "網站",
      "Wed": "週三",
      "Weekday": "星期",
      "What is wrong?": "哪裡有誤？",
      "What-if mode: off": "推演模式：關",
      "What-if mode: on": "推演模式：開",
      "What-if scenario": "方案推演（假設分析）",
      "Within the walk": "步行範圍內",
      "You are here": "您的位置",
      "Young people": "青少年",
      "Zoom in": "放大",
      "Zoom out": "縮小",
      "adds {n} elderly resident · {share} in all": [
        "新增覆蓋 {n} 名長者居民 · 累計 {share}"
      ],
      "adds {n} resident · {share} in all": [
        "新增覆蓋 {n} 名居民 · 累計 {share}"
      ],
      "at least {n} site": [
        "至少 {n} 處場所"
      ],
      "fail": "未達標",
      "in metres": "按米",
      "min": "分鐘",
      "n/a": "不適用",
      "nearest: {name}, {minutes} min on foot": "最近場所：{name}，步行 {minutes} 分鐘",
      "no residents": "無居民",
      "no such site within reach": "步行範圍內無同類場所",
      "pass": "達標",
      "{adult} min walk (older people {elderly} min)": "步行 {adult} 分鐘（長者 {elderly} 分鐘）",
      "{minutes} min walk · {metres} m": "步行 {minutes} 分鐘 · {metres} 米",
      "{n} categories": "{n} 個類別",
      "{n} elderly resident not covered": [
        "未覆蓋 {n} 名長者居民"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} 名長者居民 · {area} 公頃"
      ],
      "{n} learning sites within a {minutes}-minute walk": "步行 {minutes} 分鐘內可到達 {n} 處學習場所",
      "{n} resident not covered": [
        "未覆蓋 {n} 名居民"
      ],
      "{n} resident · {area} ha": [
        "{n} 名居民 · {area} 公頃"
      ],
      "{n} site: zoom in": [
        "{n} 個場所：放大查看"
      ],
      "{n} smaller gap not listed": [
        "另有 {n} 處較小盲區"
      ],
      "{passed} of {n} check passes": [
        "{n} 項檢查中 {passed} 項達標"
      ],
      "{share} covered": "覆蓋率 {share}",
      "{who} ({minutes} min)": "{who}（{minutes} 分鐘）"
    },
    "en": {
      " (show on the map)": " (show on the map)",
      "15-minute learning circle": "15-minute learning circle",
      "15-minute learning circles · planning assessment": "15-minute learning circles · planning assessment",
      "Added {name} ({lon}, {lat})": "Added {name} ({lon}, {lat})",
      "Address": "Address",
      "Adult (4.8 km/h)": "Adult (4.8 km/h)",
      "Afternoon": "Afternoon",
      "All": "All",
      "All categories": "All categories",
      "All cities": "All cities",
      "All learning sites": "All learning sites",
      "All ways": "All ways",
      "Analysis": "Analysis",
      "Any": "Any",
      "At most {n} closed site.": [
        "At most {n} closed site.",
        "At most {n} closed sites."
      ],
      "At most {n} proposed site.": [
        "At most {n} proposed site.",
        "At most {n} proposed sites."
      ],
      "Back to learning sites": "Back to learning sites",
      "Back to the start": "Back to the start",
      "Beyond the walk": "Beyond the walk",
      "Cancel": "Cancel",
      "Categories": "Categories",
      "Category": "Category",
      "Change": "Change",
      "Citizen map": "Citizen map",
      "City total": "City total",
      "City totals": "City totals",
      "Clear all": "Clear all",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "Click the map to pick a starting point and see the learning sites within walking distance.",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.",
      "Closed (scenario)": "Closed (scenario)",
      "Closed {name}": "Closed {name}",
      "College": "College",
      "Community school / learning point": "Community school / learning point",
      "Computing…": "Computing…",
      "Contact (optional)": "Contact (optional)",
      "Course type": "Course type",
      "Courses": "Courses",
      "Cultural centre": "Cultural centre",
      "Culture": "Culture",
      "Curated route": "Curated route",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': 'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).',
      "Day": "Day",
      "Details": "Details",
      "Downloads": "Downloads",
      "Elderly": "Elderly",
      "Elderly (3.3 km/h)": "Elderly (3.3 km/h)",
      "Elderly education": "Elderly education",
      "Elderly residents": "Elderly residents",
      "Enrolling": "Enrolling",
      "Enrolling now only": "Enrolling now only",
      "Error: {message}": "Error: {message}",
      "Evening": "Evening",
      "Failures only": "Failures only",
      "Finding the city…": "Finding the city…",
      "For": "For",
      "Fri": "Fri",
      "Gap areas": "Gap areas",
      "Gaps": "Gaps",
      "History": "History",
      "How many": "How many",
      "Humanities walk": "Humanities walk",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.",
      "Language": "Language",
      "Learning-circle planner": "Learning-circle planner",
      "Length": "Length",
      "Library": "Library",
      "Limit": "Limit",
      "Locate me": "Locate me",
      "Locating…": "Locating…",
      "Location unavailable: click the map instead": "Location unavailable: click the map instead",
      "Map data": "Map data",
      "Map figure": "Map figure",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': 'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross',
      "Mon": "Mon",
      "Morning": "Morning",
      "Moved to {lon}, {lat}; save to keep it": "Moved to {lon}, {lat}; save to keep it",
      "No changes (as is)": "No changes (as is)",
      "No gap areas.": "No gap areas.",
      "No humanities sight can be reached and walked back from in this time.": "No humanities sight can be reached and walked back from in this time.",
      "No learning site can be reached on foot from here.": "No learning site can be reached on foot from here.",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': 'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).',
      "No learning site within a {minutes}-minute walk offers a matching course.": "No learning site within a {minutes}-minute walk offers a matching course.",
      "No learning site within a {minutes}-minute walk.": "No learning site within a {minutes}-minute walk.",
      "No matching place found.": "No matching place found.",
      "No new site adds anyone.": "No new site adds anyone.",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.",
      "No site found": "No site found",
      "Normal": "Normal",
      "Now": "Now",
      "Offers": "Offers",
      "Older people": "Older people",
      "Open at": "Open at",
      "Open now only": "Open now only",
      "Opening hours": "Opening hours",
      "Pace": "Pace",
      "Phone": "Phone",
      "Placed at {lon}, {lat}; save to keep it": "Placed at {lon}, {lat}; save to keep it",
      "Placed by hand at {lon}, {lat}": "Placed by hand at {lon}, {lat}",
      "Planning a humanities walk…": "Planning a humanities walk…",
      "Please describe the mistake.": "Please describe the mistake.",
      "Print": "Print",
      "Propose it": "Propose it",
      "Proposed site": "Proposed site",
      "Proposed site category": "Proposed site category",
      "R": "R",
      "Recommended": "Recommended",
      "Recommended site {n}": "Recommended site {n}",
      "Recommended sites": "Recommended sites",
      "Report a mistake": "Report a mistake",
      "Report a mistake: {name}": "Report a mistake: {name}",
      "Required": "Required",
      "Residents": "Residents",
      "Rest": "Rest",
      "Rest point (bench, toilet…)": "Rest point (bench, toilet…)",
      "Results": "Results",
      "Route": "Route",
      "Rule": "Rule",
      "Sat": "Sat",
      "Scenario": "Scenario",
      "School": "School",
      "Search": "Search",
      "Search a place or learning site": "Search a place or learning site",
      "Search from map centre": "Search from map centre",
      "Send": "Send",
      "Sending…": "Sending…",
      "Share of elderly residents": "Share of elderly residents",
      "Share of residents": "Share of residents",
      "Show": "Show",
      "Show fewer results": "Show fewer results",
      "Show more results": "Show more results",
      "Site category": "Site category",
      "Sites": "Sites",
      "Sites (with scenario)": "Sites (with scenario)",
      "Standard": "Standard",
      "Standards scorecard": "Standards scorecard",
      "Step-free": "Step-free",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "Suggestion {n} taken: {lon}, {lat}; save to keep it",
      "Suggestion {n}: {name}": "Suggestion {n}: {name}",
      "Sun": "Sun",
      "Thank you, sent": "Thank you, sent",
      'The nearest is "{name}", about {minutes} min on foot.': 'The nearest is "{name}", about {minutes} min on foot.',
      "The row's place (drag to move)": "The row's place (drag to move)",
      "Theme": "Theme",
      "This browser cannot locate you": "This browser cannot locate you",
      "Thu": "Thu",
      "Time": "Time",
      "Time of day": "Time of day",
      "Today": "Today",
      "Tomorrow": "Tomorrow",
      "Tue": "Tue",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "Turn what-if mode on, then click the map to propose a site or click a site to close it.",
      "Undo": "Undo",
      "Unit": "Unit",
      "Unit figures": "Unit figures",
      "Units": "Units",
      "University": "University",
      "Updated ({ms} ms)": "Updated ({ms} ms)",
      "Value": "Value",
      "Verdict": "Verdict",
      "Walk": "Walk",
      'Walking route to "{name}": about {minutes} min': 'Walking route to "{name}": about {minutes} min',
      "Ways": "Ways",
      "Website": "Website",
      "Wed": "Wed",
      "Weekday": "Weekday",
      "What is wrong?": "What is wrong?",
      "What-if mode: off": "What-if mode: off",
      "What-if mode: on": "What-if mode: on",
      "What-if scenario": "What-if scenario",
      "Within the walk": "Within the walk",
      "You are here": "You are here",
      "Young people": "Young people",
      "Zoom in": "Zoom in",
      "Zoom out": "Zoom out",
      "adds {n} elderly resident · {share} in all": [
        "adds {n} elderly resident · {share} in all",
        "adds {n} elderly residents · {share} in all"
      ],
      "adds {n} resident · {share} in all": [
        "adds {n} resident · {share} in all",
        "adds {n} residents · {share} in all"
      ],
      "at least {n} site": [
        "at least {n} site",
        "at least {n} sites"
      ],
      "fail": "fail",
      "in metres": "in metres",
      "min": "min",
      "n/a": "n/a",
      "nearest: {name}, {minutes} min on foot": "nearest: {name}, {minutes} min on foot",
      "no residents": "no residents",
      "no such site within reach": "no such site within reach",
      "pass": "pass",
      "{adult} min walk (older people {elderly} min)": "{adult} min walk (older people {elderly} min)",
      "{minutes} min walk · {metres} m": "{minutes} min walk · {metres} m",
      "{n} categories": "{n} categories",
      "{n} elderly resident not covered": [
        "{n} elderly resident not covered",
        "{n} elderly residents not covered"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} elderly resident · {area} ha",
        "{n} elderly residents · {area} ha"
      ],
      "{n} learning sites within a {minutes}-minute walk": "{n} learning sites within a {minutes}-minute walk",
      "{n} resident not covered": [
        "{n} resident not covered",
        "{n} residents not covered"
      ],
      "{n} resident · {area} ha": [
        "{n} resident · {area} ha",
        "{n} residents · {area} ha"
      ],
      "{n} site: zoom in": [
        "{n} site: zoom in",
        "{n} sites: zoom in"
      ],
      "{n} smaller gap not listed": [
        "{n} smaller gap not listed",
        "{n} smaller gaps not listed"
      ],
      "{passed} of {n} check passes": [
        "{passed} of {n} check passes",
        "{passed} of {n} checks pass"
      ],
      "{share} covered": "{share} covered",
      "{who} ({minutes} min)": "{who} ({minutes} min)"
    },
    "pt": {
      " (show on the map)": " (mostrar no mapa)",
      "15-minute learning circle": "Círculo de aprendizagem de 15 minutos",
      "15-minute learning circles · planning assessment": "Círculos de aprendizagem de 15 minutos · avaliação de planeamento",
      "Added {name} ({lon}, {lat})": "Acrescentado: {name} ({lon}, {lat})",
      "Address": "Endereço",
      "Adult (4.8 km/h)": "Adulto (4,8 km/h)",
      "Afternoon": "Tarde",
      "All": "Todos",
      "All categories": "Todas as categorias",
      "All cities": "Todas as cidades",
      "All learning sites": "Todos os locais de aprendizagem",
      "All ways": "Todos os caminhos",
      "Analysis": "Análise",
      "Any": "Qualquer",
      "At most {n} closed site.": [
        "No máximo {n} local fechado.",
        "No máximo {n} locais fechados.",
        "No máximo {n} locais fechados."
      ],
      "At most {n} proposed site.": [
        "No máximo {n} local proposto.",
        "No máximo {n} locais propostos.",
        "No máximo {n} locais propostos."
      ],
      "Back to learning sites": "Voltar aos locais de aprendizagem",
      "Back to the start": "Regresso ao ponto de partida",
      "Beyond the walk": "Fora do alcance a pé",
      "Cancel": "Cancelar",
      "Categories": "Categorias",
      "Category": "Categoria",
      "Change": "Variação",
      "Citizen map": "Mapa do cidadão",
      "City total": "Total da cidade",
      "City totals": "Totais da cidade",
      "Clear all": "Limpar tudo",
      "Click the map to pick a starting point and see the learning sites within walking distance.": "Toque no mapa para escolher um ponto de partida e ver os locais de aprendizagem a que se chega a pé.",
      "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.": "Clique no mapa para propor um local; clique num local para o fechar ou reabrir; clique num local proposto para o retirar.",
      "Closed (scenario)": "Fechado (cenário)",
      "Closed {name}": "Fechado: {name}",
      "College": "Instituto",
      "Community school / learning point": "Escola comunitária / ponto de aprendizagem",
      "Computing…": "A calcular…",
      "Contact (optional)": "Contacto (opcional)",
      "Course type": "Tipo de curso",
      "Courses": "Cursos",
      "Cultural centre": "Centro cultural",
      "Culture": "Cultura",
      "Curated route": "Percurso recomendado",
      'Curated route "{title}": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).': "Percurso recomendado «{title}»: {km} km, cerca de {adult} min (idosos cerca de {elderly} min); paragens: {stops}.",
      "Day": "Dia",
      "Details": "Detalhes",
      "Downloads": "Transferências",
      "Elderly": "Idosos",
      "Elderly (3.3 km/h)": "Idoso (3,3 km/h)",
      "Elderly education": "Educação para idosos",
      "Elderly residents": "Residentes idosos",
      "Enrolling": "Inscrições abertas",
      "Enrolling now only": "Só com inscrições abertas",
      "Error: {message}": "Erro: {message}",
      "Evening": "Noite",
      "Failures only": "Só os que falham",
      "Finding the city…": "A procurar a cidade…",
      "For": "Destinatários",
      "Fri": "Sex",
      "Gap areas": "Zonas sem cobertura",
      "Gaps": "Lacunas",
      "History": "História",
      "How many": "Quantos",
      "Humanities walk": "Passeio cultural",
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.": "Passeio cultural: {km} km, cerca de {adult} min (idosos cerca de {elderly} min), com regresso ao ponto de partida; paragens: {stops}.",
      "Language": "Idioma",
      "Learning-circle planner": "Planeador de círculos de aprendizagem",
      "Length": "Duração",
      "Library": "Biblioteca",
      "Limit": "Limite",
      "Locate me": "Localizar-me",
      "Locating…": "A localizar…",
      "Location unavailable: click the map instead": "Localização indisponível: toque no mapa",
      "Map data": "Dados do mapa",
      "Map figure": "Indicador no mapa",
      'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross': "Mapa: as setas movem-no, mais e menos ampliam; «Pesquisar a partir do centro do mapa» usa a cruz",
      "Mon": "Seg",
      "Morning": "Manhã",
      "Moved to {lon}, {lat}; save to keep it": "Movido para {lon}, {lat}; guarde para o manter",
      "No changes (as is)": "Sem alterações (situação atual)",
      "No gap areas.": "Não há zonas sem cobertura.",
      "No humanities sight can be reached and walked back from in this time.": "Não há nenhum ponto cultural aonde se possa ir e voltar a pé neste tempo.",
      "No learning site can be reached on foot from here.": "Daqui não se chega a pé a nenhum local de aprendizagem.",
      'No learning site within a {minutes}-minute walk is open at this time (untick "Open now only" to see them all).': "Nenhum local de aprendizagem a {minutes} minutos a pé está aberto a esta hora (desmarque «Só abertos agora» para ver todos).",
      "No learning site within a {minutes}-minute walk offers a matching course.": "Nenhum local de aprendizagem a {minutes} minutos a pé oferece um curso correspondente.",
      "No learning site within a {minutes}-minute walk.": "Nenhum local de aprendizagem a {minutes} minutos a pé.",
      "No matching place found.": "Nenhum lugar encontrado.",
      "No new site adds anyone.": "Nenhum local novo acrescenta residentes.",
      "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.": "Sem unidades de relatório: mostram-se o total da cidade, as lacunas e os locais recomendados. Inicie o servidor com --units FICHEIRO:CAMPO para o mapa por unidades e a avaliação.",
      "No site found": "Nenhum local encontrado",
      "Normal": "Normal",
      "Now": "Agora",
      "Offers": "Oferta",
      "Older people": "Idosos",
      "Open at": "Aberto em",
      "Open now only": "Só abertos agora",
      "Opening hours": "Horário",
      "Pace": "Ritmo",
      "Phone": "Telefone",
      "Placed at {lon}, {lat}; save to keep it": "Colocado em {lon}, {lat}; guarde para o manter",
      "Placed by hand at {lon}, {lat}": "Colocado à mão em {lon}, {lat}",
      "Planning a humanities walk…": "A planear um passeio cultural…",
      "Please describe the mistake.": "Descreva o erro, por favor.",
      "Print": "Imprimir",
      "Propose it": "Propor",
      "Proposed site": "Local proposto",
      "Proposed site category": "Categoria do local proposto",
      "R": "D",
      "Recommended": "Recomendados",
      "Recommended site {n}": "Local recomendado {n}",
      "Recommended sites": "Locais recomendados",
      "Report a mistake": "Comunicar um erro",
      "Report a mistake: {name}": "Comunicar um erro: {name}",
      "Required": "Exigido",
      "Residents": "Residentes",
      "Rest": "Descanso",
      "Rest point (bench, toilet…)": "Ponto de descanso (banco, casa de banho…)",
      "Results": "Resultados",
      "Route": "Percurso",
      "Rule": "Regra",
      "Sat": "Sáb",
      "Scenario": "Cenário",
      "School": "Escola",
      "Search": "Pesquisar",
      "Search a place or learning site": "Pesquisar um lugar ou local de aprendizagem",
      "Search from map centre": "Pesquisar a partir do centro do mapa",
      "Send": "Enviar",
      "Sending…": "A enviar…",
      "Share of elderly residents": "Percentagem de residentes idosos",
      "Share of residents": "Percentagem de residentes",
      "Show": "Mostrar",
      "Show fewer results": "Mostrar menos resultados",
      "Show more results": "Mostrar mais resultados",
      "Site category": "Categoria de local",
      "Sites": "Locais",
      "Sites (with scenario)": "Locais (com o cenário)",
      "Standard": "Norma",
      "Standards scorecard": "Avaliação pelas normas",
      "Step-free": "Sem degraus",
      "Suggestion {n} taken: {lon}, {lat}; save to keep it": "Sugestão {n} escolhida: {lon}, {lat}; guarde para a manter",
      "Suggestion {n}: {name}": "Sugestão {n}: {name}",
      "Sun": "Dom",
      "Thank you, sent": "Obrigado, enviado",
      'The nearest is "{name}", about {minutes} min on foot.': "O mais próximo é «{name}», a cerca de {minutes} min a pé.",
      "The row's place (drag to move)": "O local da linha (arraste para mover)",
      "Theme": "Tema",
      "This browser cannot locate you": "Este navegador não consegue localizá-lo",
      "Thu": "Qui",
      "Time": "Hora",
      "Time of day": "Período",
      "Today": "Hoje",
      "Tomorrow": "Amanhã",
      "Tue": "Ter",
      "Turn what-if mode on, then click the map to propose a site or click a site to close it.": "Ative o modo de cenário e clique no mapa para propor um local, ou num local para o fechar.",
      "Undo": "Anular",
      "Unit": "Unidade",
      "Unit figures": "Valores por unidade",
      "Units": "Unidades",
      "University": "Universidade",
      "Updated ({ms} ms)": "Atualizado ({ms} ms)",
      "Value": "Valor",
      "Verdict": "Resultado",
      "Walk": "A pé",
      'Walking route to "{name}": about {minutes} min': "Percurso a pé até «{name}»: cerca de {minutes} min",
      "Ways": "Caminhos",
      "Website": "Página electrónica",
      "Wed": "Qua",
      "Weekday": "Dia da semana",
      "What is wrong?": "O que está errado?",
      "What-if mode: off": "Modo de cenário: desligado",
      "What-if mode: on": "Modo de cenário: ligado",
      "What-if scenario": "Cenário hipotético",
      "Within the walk": "Ao alcance a pé",
      "You are here": "Está aqui",
      "Young people": "Jovens",
      "Zoom in": "Ampliar",
      "Zoom out": "Reduzir",
      "adds {n} elderly resident · {share} in all": [
        "mais {n} residente idoso · {share} no total",
        "mais {n} residentes idosos · {share} no total",
        "mais {n} residentes idosos · {share} no total"
      ],
      "adds {n} resident · {share} in all": [
        "mais {n} residente · {share} no total",
        "mais {n} residentes · {share} no total",
        "mais {n} residentes · {share} no total"
      ],
      "at least {n} site": [
        "pelo menos {n} local",
        "pelo menos {n} locais",
        "pelo menos {n} locais"
      ],
      "fail": "falha",
      "in metres": "em metros",
      "min": "min",
      "n/a": "n/d",
      "nearest: {name}, {minutes} min on foot": "mais próximo: {name}, {minutes} min a pé",
      "no residents": "sem residentes",
      "no such site within reach": "nenhum local deste tipo ao alcance",
      "pass": "cumpre",
      "{adult} min walk (older people {elderly} min)": "{adult} min a pé (idosos {elderly} min)",
      "{minutes} min walk · {metres} m": "{minutes} min a pé · {metres} m",
      "{n} categories": "Categorias: {n}",
      "{n} elderly resident not covered": [
        "{n} residente idoso sem cobertura",
        "{n} residentes idosos sem cobertura",
        "{n} residentes idosos sem cobertura"
      ],
      "{n} elderly resident · {area} ha": [
        "{n} residente idoso · {area} ha",
        "{n} residentes idosos · {area} ha",
        "{n} residentes idosos · {area} ha"
      ],
      "{n} learning sites within a {minutes}-minute walk": "Locais de aprendizagem a {minutes} minutos a pé: {n}",
      "{n} resident not covered": [
        "{n} residente sem cobertura",
        "{n} residentes sem cobertura",
        "{n} residentes sem cobertura"
      ],
      "{n} resident · {area} ha": [
        "{n} residente · {area} ha",
        "{n} residentes · {area} ha",
        "{n} residentes · {area} ha"
      ],
      "{n} site: zoom in": [
        "{n} local: aproxime",
        "{n} locais: aproxime",
        "{n} locais: aproxime"
      ],
      "{n} smaller gap not listed": [
        "mais {n} lacuna menor não listada",
        "mais {n} lacunas menores não listadas",
        "mais {n} lacunas menores não listadas"
      ],
      "{passed} of {n} check passes": [
        "{passed} de {n} verificação cumpre",
        "{passed} de {n} verificações cumprem",
        "{passed} de {n} verificações cumprem"
      ],
      "{share} covered": "{share} com cobertura",
      "{who} ({minutes} min)": "{who} ({minutes} min)"
    }
  };

  // learning_map/web/frontend/src/catalogue.js
  function catalogueLocale(lang) {
    const name = String(lang || "").replace("-", "_");
    if (MESSAGES[name]) return name;
    const language = name.split("_")[0];
    return MESSAGES[language] ? language : "en";
  }
  function gettext(msgid, lang) {
    const table = MESSAGES[catalogueLocale(lang)] || {};
    return typeof table[msgid] === "string" && table[msgid] ? table[msgid] : msgid;
  }
  var PLURAL_ORDER = ["zero", "one", "two", "few", "many", "other"];
  function ngettext(singular, plural, n, lang) {
    const locale = catalogueLocale(lang);
    const forms = (MESSAGES[locale] || {})[singular];
    if (!Array.isArray(forms) || !forms.every((f2) => f2)) return n === 1 ? singular : plural;
    if (forms.length === 1) return forms[0];
    const rules = new Intl.PluralRules(locale.replace("_", "-"));
    const category = rules.select(n);
    const known = PLURAL_ORDER.filter((c2) => rules.resolvedOptions().pluralCategories.includes(c2));
    const index = known.length === forms.length ? known.indexOf(category) : category === "one" ? 0 : forms.length - 1;
    return forms[Math.max(0, index)];
  }

  // learning_map/web/frontend/src/planner-i18n.js
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => name in values ? String(values[name]) : whole);
  }
  function words(lang) {
    return {
      title: gettext("Learning-circle planner", lang),
      subtitle: gettext("15-minute learning circles · planning assessment", lang),
      // Translators: the hidden label of the language choice.
      language: gettext("Language", lang),
      citizen_map: gettext("Citizen map", lang),
      // Translators: the planner's card of settings (category, walk, pace).
      settings: gettext("Analysis", lang),
      category: gettext("Site category", lang),
      all_sites: gettext("All learning sites", lang),
      // Translators: the label of the walking-time choice (Walk [15] min).
      minutes: gettext("Walk", lang),
      // Translators: minutes, after a number.
      min: gettext("min", lang),
      pace: gettext("Pace", lang),
      pace_adult: gettext("Adult (4.8 km/h)", lang),
      pace_elderly: gettext("Elderly (3.3 km/h)", lang),
      // Translators: which ways a walk may take: all of them, or step-free ones only.
      profile: gettext("Ways", lang),
      profile_walk: gettext("All ways", lang),
      profile_step_free: gettext("Step-free", lang),
      figure: gettext("Map figure", lang),
      who_residents: gettext("Share of residents", lang),
      who_elderly: gettext("Share of elderly residents", lang),
      city_total: gettext("City total", lang),
      row_residents: gettext("Residents", lang),
      row_elderly: gettext("Elderly residents", lang),
      // Translators: the current state of the city, beside a what-if scenario.
      baseline: gettext("Now", lang),
      scenario: gettext("Scenario", lang),
      change: gettext("Change", lang),
      whatif: gettext("What-if scenario", lang),
      whatif_on: gettext("What-if mode: on", lang),
      whatif_off: gettext("What-if mode: off", lang),
      whatif_hint_off: gettext("Turn what-if mode on, then click the map to propose a site or click a site to close it.", lang),
      whatif_hint_on: gettext("Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.", lang),
      add_category: gettext("Proposed site category", lang),
      clear: gettext("Clear all", lang),
      no_changes: gettext("No changes (as is)", lang),
      added: (name, lon, lat) => fill(gettext("Added {name} ({lon}, {lat})", lang), { name, lon, lat }),
      closed: (name) => fill(gettext("Closed {name}", lang), { name }),
      remove: gettext("Undo", lang),
      too_many: (n) => fill(ngettext("At most {n} proposed site.", "At most {n} proposed sites.", n, lang), { n }),
      too_many_closed: (n) => fill(ngettext("At most {n} closed site.", "At most {n} closed sites.", n, lang), { n }),
      picks: gettext("Recommended sites", lang),
      // Translators: the label of the choice of how many sites to recommend.
      k: gettext("How many", lang),
      // Translators: {n} is a number of people (already written with its digits).
      pick_line_residents: (count, n, share) => fill(ngettext("adds {n} resident · {share} in all", "adds {n} residents · {share} in all", count, lang), { n, share }),
      pick_line_elderly: (count, n, share) => fill(ngettext("adds {n} elderly resident · {share} in all", "adds {n} elderly residents · {share} in all", count, lang), { n, share }),
      no_picks: gettext("No new site adds anyone.", lang),
      add_pick: gettext("Propose it", lang),
      gaps: gettext("Gap areas", lang),
      gap_line_residents: (count, n, area) => fill(ngettext("{n} resident · {area} ha", "{n} residents · {area} ha", count, lang), { n, area }),
      gap_line_elderly: (count, n, area) => fill(ngettext("{n} elderly resident · {area} ha", "{n} elderly residents · {area} ha", count, lang), { n, area }),
      gap_nearest: (name, minutes) => fill(gettext("nearest: {name}, {minutes} min on foot", lang), { name, minutes }),
      gap_nearest_none: gettext("no such site within reach", lang),
      no_gaps: gettext("No gap areas.", lang),
      uncovered_residents: (count, n) => fill(ngettext("{n} resident not covered", "{n} residents not covered", count, lang), { n }),
      uncovered_elderly: (count, n) => fill(ngettext("{n} elderly resident not covered", "{n} elderly residents not covered", count, lang), { n }),
      more_gaps: (n) => fill(ngettext("{n} smaller gap not listed", "{n} smaller gaps not listed", n, lang), { n }),
      scorecard: gettext("Standards scorecard", lang),
      standard: gettext("Standard", lang),
      // Translators: the label of the scorecard's filter (all rows, city totals, failures).
      filter: gettext("Show", lang),
      filter_all: gettext("All", lang),
      filter_city: gettext("City totals", lang),
      filter_fail: gettext("Failures only", lang),
      rule: gettext("Rule", lang),
      unit: gettext("Unit", lang),
      limit: gettext("Limit", lang),
      // Translators: the measured value of a check, beside the required one.
      value: gettext("Value", lang),
      required: gettext("Required", lang),
      verdict: gettext("Verdict", lang),
      pass: gettext("pass", lang),
      fail: gettext("fail", lang),
      // Translators: a check that cannot be made (no units at that level).
      na: gettext("n/a", lang),
      checks_summary: (passed, n) => fill(ngettext("{passed} of {n} check passes", "{passed} of {n} checks pass", n, lang), { passed, n }),
      at_least: (n) => fill(ngettext("at least {n} site", "at least {n} sites", n, lang), { n }),
      no_units: gettext("No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.", lang),
      downloads: gettext("Downloads", lang),
      layer_figures: gettext("Unit figures", lang),
      layer_gaps: gettext("Gap areas", lang),
      layer_picks: gettext("Recommended sites", lang),
      layer_scorecard: gettext("Standards scorecard", lang),
      layer_sites: gettext("Sites (with scenario)", lang),
      legend: (who, minutes) => fill(gettext("{who} ({minutes} min)", lang), { who, minutes }),
      no_residents: gettext("no residents", lang),
      layer_units: gettext("Units", lang),
      layer_gap_areas: gettext("Gaps", lang),
      layer_sites_map: gettext("Sites", lang),
      layer_picks_map: gettext("Recommended", lang),
      updating: gettext("Computing…", lang),
      updated: (ms) => fill(gettext("Updated ({ms} ms)", lang), { ms }),
      error: (message) => fill(gettext("Error: {message}", lang), { message }),
      proposed: gettext("Proposed site", lang),
      closed_site: gettext("Closed (scenario)", lang),
      pick: (n) => fill(gettext("Recommended site {n}", lang), { n }),
      metres: gettext("in metres", lang),
      share_of: (share) => fill(gettext("{share} covered", lang), { share }),
      map_data: gettext("Map data", lang)
    };
  }
  var CACHE = /* @__PURE__ */ new Map();
  function plannerText(lang, key) {
    if (!CACHE.has(lang)) CACHE.set(lang, words(lang));
    const table = CACHE.get(lang);
    if (!(key in table)) throw new Error(`no planner text for ${key}`);
    return table[key];
  }
  function applyPlannerLanguage(lang, cfg2, root = document) {
    document.documentElement.lang = lang.replace("_", "-");
    root.querySelectorAll("[data-i18n]").forEach((e) => {
      e.textContent = plannerText(lang, e.dataset.i18n);
    });
    const names = (list) => Object.fromEntries(list.map((item) => [item.key, item.labels]));
    const categories = names(cfg2.categories);
    const standards = names(cfg2.standards);
    root.querySelectorAll("[data-category]").forEach((e) => {
      e.textContent = categories[e.dataset.category][lang];
    });
    root.querySelectorAll("[data-standard]").forEach((e) => {
      e.textContent = standards[e.dataset.standard][lang];
    });
  }
  var SHARE_CLASSES = [
    { upTo: 0.5, color: "#b2182b", label: "< 50%" },
    { upTo: 0.7, color: "#ef8a62", label: "50–70%" },
    { upTo: 0.85, color: "#fddbc7", label: "70–85%" },
    { upTo: 0.95, color: "#92c5de", label: "85–95%" },
    { upTo: Infinity, color: "#2166ac", label: "≥ 95%" }
  ];
  function shareColor(share) {
    if (share == null || !Number.isFinite(share)) return "#d9d9d9";
    return SHARE_CLASSES.find((c2) => share < c2.upTo).color;
  }
  function whatIfParams(params2, adds, closes) {
    for (const a of adds) params2.append("add", `${a.lon.toFixed(6)},${a.lat.toFixed(6)}:${a.category}`);
    for (const id of closes) params2.append("close", id);
    return params2;
  }

  // learning_map/web/frontend/src/planner.js
  var cfg = JSON.parse(byId("lm-config").textContent);
  var categoryInfo = Object.fromEntries(cfg.categories.map((c2) => [c2.key, c2]));
  var query = new URLSearchParams(location.search);
  var pick = (name, allowed, fallback) => allowed.includes(query.get(name)) ? query.get(name) : fallback;
  var state = {
    // The page's locale (zh_Hans, zh_Hant, en, pt): the server chose it (?lang=, the browser's, the city's script).
    lang: cfg.lang,
    category: pick("category", ["all", ...Object.keys(categoryInfo)], "all"),
    minutes: pick("minutes", cfg.minutes.map(String), "15"),
    pace: pick("pace", ["adult", "elderly"], "adult"),
    profile: pick("profile", ["walk", "step-free"], "walk"),
    who: pick("who", ["residents", "elderly"], "residents"),
    standard: pick("standard", cfg.standards.map((s2) => s2.key), cfg.standards[0] ? cfg.standards[0].key : ""),
    k: pick("k", Array.from({ length: cfg.maxK }, (_2, i2) => String(i2 + 1)), "5"),
    filter: "city",
    // the scorecard opens on its headline rows; "all" lists every unit
    whatif: false,
    adds: [],
    // {lon, lat, category}
    closes: [],
    // site ids
    figures: null,
    gaps: null,
    picks: null,
    checks: null
  };
  var t = (key) => plannerText(state.lang, key);
  var api = createApi();
  var tag = () => state.lang.replace("_", "-");
  var numberFormat = () => new Intl.NumberFormat(tag(), { maximumFractionDigits: 0 });
  var fmt = (n) => n == null ? "—" : numberFormat().format(n);
  var pct = (x2) => x2 == null ? "—" : new Intl.NumberFormat(tag(), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x2);
  var catName = (key) => key === "all" ? t("all_sites") : categoryInfo[key] ? categoryInfo[key].labels[state.lang] : key;
  var whoKey = (base, weight) => `${base}_${weight === "elderly" ? "elderly" : "residents"}`;
  var [west, south, east, north] = cfg.bounds;
  var map = L.map("map", { zoomControl: true, attributionControl: false, boxZoom: false, zoomSnap: 0.25 });
  map.fitBounds([[south, west], [north, east]]);
  window.plannerMap = map;
  L.control.scale({ imperial: false }).addTo(map);
  var Attribution2 = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const box = el("div", null, "leaflet-control-attribution");
      box.append(linkOrText(cfg.osmAttribution, cfg.osmAttributionUrl));
      if (cfg.tilesAttribution) box.append(document.createTextNode(" | " + cfg.tilesAttribution));
      return box;
    }
  });
  new Attribution2().addTo(map);
  map.createPane("units").style.zIndex = 350;
  map.createPane("gaps").style.zIndex = 420;
  map.createPane("sites").style.zIndex = 640;
  var layers = {
    units: L.geoJSON(null, { pane: "units", style: unitStyle, onEachFeature: unitTooltip }).addTo(map),
    gaps: L.geoJSON(null, {
      pane: "gaps",
      style: () => ({ color: "#7a0019", weight: 1, dashArray: "3 3", fillColor: "#d7301f", fillOpacity: 0.16, className: "planner-gap" }),
      onEachFeature: (f2, layer) => layer.bindTooltip(gapSummary(f2.properties))
    }).addTo(map),
    sites: L.layerGroup().addTo(map),
    picks: L.layerGroup().addTo(map)
  };
  var overlays = L.control.layers(null, {}, { collapsed: false, position: "topright" }).addTo(map);
  function labelOverlays() {
    const named = [["units", "layer_units"], ["gaps", "layer_gap_areas"], ["sites", "layer_sites_map"], ["picks", "layer_picks_map"]];
    for (const [key, name] of named.filter(([key2]) => key2 !== "units" || cfg.hasUnits)) {
      overlays.removeLayer(layers[key]);
      overlays.addOverlay(layers[key], htmlFromText(t(name)));
    }
  }
  var background = addBackground(map, { tilesUrl: cfg.tilesUrl, basemap: cfg.basemapUrl, lang: tag() });
  function unitFigures(name) {
    const rows = state.figures && state.figures.units;
    return rows ? rows.find((r3) => r3.unit === name) : null;
  }
  function unitShare(name) {
    const row = unitFigures(name);
    if (!row) return null;
    return state.who === "elderly" ? row.elderly_share : row.residents_share;
  }
  function unitStyle(feature) {
    return {
      color: "#ffffff",
      weight: 1.2,
      opacity: 1,
      fillOpacity: 0.62,
      fillColor: shareColor(unitShare(feature.properties.unit)),
      className: "planner-unit"
    };
  }
  function unitTooltip(feature, layer) {
    layer.bindTooltip(() => {
      const name = feature.properties.unit;
      const row = unitFigures(name);
      const box = el("div", null, "unit-tip");
      box.append(el("strong", name));
      if (!row) {
        box.append(el("div", t("no_residents")));
        return box;
      }
      box.append(el("div", `${t("row_residents")}: ${fmt(row.residents_covered)} / ${fmt(row.residents)} · ${pct(row.residents_share)}`));
      if (row.elderly != null) {
        box.append(el("div", `${t("row_elderly")}: ${fmt(row.elderly_covered)} / ${fmt(row.elderly)} · ${pct(row.elderly_share)}`));
      }
      return box;
    }, { sticky: true });
  }
  var Legend = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd() {
      this.box = el("div", null, "legend");
      L.DomEvent.disableClickPropagation(this.box);
      return this.box;
    },
    render() {
      const box = this.box;
      box.replaceChildren();
      if (cfg.hasUnits) {
        box.append(el("div", t("legend")(state.who === "elderly" ? t("who_elderly") : t("who_residents"), state.minutes), "legend-title"));
      }
      const swatch = (color, text, extra) => {
        const row = el("div", null, "legend-row");
        const s2 = el("span", null, "legend-swatch" + (extra ? " " + extra : ""));
        s2.style.backgroundColor = color;
        row.append(s2, el("span", text));
        box.append(row);
      };
      if (cfg.hasUnits) {
        for (const c2 of SHARE_CLASSES) swatch(c2.color, c2.label);
        swatch("#d9d9d9", t("no_residents"));
      }
      for (const c2 of cfg.categories.filter((c3) => presentCategories.has(c3.key))) {
        const row = el("div", null, "legend-row legend-category");
        row.append(iconSvg(c2.key, 14), el("span", catName(c2.key)));
        box.append(row);
      }
      swatch("rgba(215,48,31,0.35)", t("layer_gap_areas"), "gap");
      swatch("#1d2733", t("layer_picks_map"), "round pick");
      swatch("#ffffff", t("proposed"), "round proposed");
      swatch("#ffffff", t("closed_site"), "round closed");
    }
  });
  var legend = new Legend().addTo(map);
  function loadUnits() {
    if (!cfg.hasUnits) return;
    api.get("/api/planner/units", {}, "units").then((geojson) => {
      layers.units.addData(geojson);
      layers.units.setStyle(unitStyle);
      map.fitBounds(layers.units.getBounds(), { padding: [10, 10] });
    }).catch(showError);
  }
  var allSites = [];
  var presentCategories = /* @__PURE__ */ new Set();
  function siteMarkerIcon(category, closed) {
    const svg = iconSvg(category, closed ? 18 : 16);
    const path = svg.querySelector("path");
    path.setAttribute("class", closed ? "planner-site closed" : "planner-site");
    if (closed) {
      path.setAttribute("fill", "#ffffff");
      path.setAttribute("stroke", "#b2182b");
      path.setAttribute("stroke-width", "2.6");
      path.setAttribute("stroke-dasharray", "3 2");
    }
    const holder = el("div");
    holder.append(svg);
    const box = closed ? 18 : 16;
    return L.divIcon({ html: holder, className: "planner-icon planner-site-icon", iconSize: [box, box], iconAnchor: [box / 2, box / 2] });
  }
  function siteIcon(className, text) {
    const box = el("div", text, className);
    return L.divIcon({ html: box, className: "planner-icon", iconSize: null });
  }
  function drawSites() {
    layers.sites.clearLayers();
    const shown = allSites.filter((f2) => state.category === "all" || f2.properties.category === state.category);
    for (const f2 of shown) {
      const p2 = f2.properties;
      const [lon, lat] = f2.geometry.coordinates;
      const closed = state.closes.includes(p2.site_id);
      const marker = L.marker([lat, lon], {
        pane: "sites",
        icon: siteMarkerIcon(p2.category, closed),
        keyboard: false,
        className: closed ? "planner-site closed" : "planner-site"
        // (a mark for tests; Leaflet ignores it)
      });
      marker.bindTooltip(() => {
        const box = el("div");
        box.append(el("strong", p2.name), el("div", catName(p2.category)));
        if (closed) box.append(el("div", t("closed_site"), "warn"));
        return box;
      });
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (!state.whatif) return;
        if (!closed && state.closes.length >= cfg.maxCloses) {
          showMessage(t("too_many_closed")(cfg.maxCloses));
          return;
        }
        state.closes = closed ? state.closes.filter((id) => id !== p2.site_id) : [...state.closes, p2.site_id];
        changed();
      });
      marker.addTo(layers.sites);
    }
    state.adds.forEach((a, i2) => {
      const ring = el("div", null, "proposed-icon");
      ring.append(iconSvg(a.category, 14));
      const marker = L.marker([a.lat, a.lon], {
        pane: "sites",
        icon: L.divIcon({ html: ring, className: "planner-icon", iconSize: null }),
        keyboard: false
      });
      marker.bindTooltip(el("div", `${t("proposed")} ${i2 + 1} · ${catName(a.category)}`));
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (!state.whatif) return;
        state.adds = state.adds.filter((_2, j2) => j2 !== i2);
        changed();
      });
      marker.addTo(layers.sites);
    });
  }
  function drawPicks() {
    layers.picks.clearLayers();
    const data = state.picks;
    if (!data) return;
    for (const p2 of data.picks) {
      const marker = L.marker([p2.lat, p2.lon], { icon: siteIcon("pick-icon", String(p2.rank)), keyboard: false });
      marker.bindTooltip(el("div", `${t("pick")(p2.rank)} · ${t(whoKey("pick_line", data.weight))(p2.added, fmt(p2.added), pct(p2.cumulative_share))}`));
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (state.whatif) propose(p2.lon, p2.lat);
      });
      marker.addTo(layers.picks);
    }
  }
  map.on("click", (e) => {
    if (!state.whatif) return;
    propose(e.latlng.lng, e.latlng.lat);
  });
  function propose(lon, lat) {
    if (state.adds.length >= cfg.maxAdds) {
      showMessage(t("too_many")(cfg.maxAdds));
      return;
    }
    const category = state.category === "all" ? byId("add-category").value : state.category;
    state.adds = [...state.adds, { lon, lat, category }];
    changed();
  }
  function params(extra = {}) {
    const q2 = new URLSearchParams({
      category: state.category,
      minutes: state.minutes,
      pace: state.pace,
      profile: state.profile,
      lang: state.lang,
      ...extra
    });
    return whatIfParams(q2, state.adds, state.closes);
  }
  async function getJSON(path, extra, key) {
    return api.get(`${path}?${params(extra).toString()}`, null, key);
  }
  var status = byId("status");
  function showMessage(text) {
    status.textContent = text;
    status.dataset.state = "message";
  }
  function showError(err2) {
    if (isSuperseded(err2)) return;
    status.textContent = t("error")(err2.message);
    status.dataset.state = "error";
  }
  var generation = 0;
  var lastUpdateMs = null;
  var note = "";
  function refresh() {
    const mine = ++generation;
    const started = performance.now();
    status.textContent = t("updating");
    status.dataset.state = "busy";
    const figures = getJSON("/api/planner/figures", {}, "figures").then((data) => {
      state.figures = data;
      renderTotals();
      layers.units.setStyle(unitStyle);
      if (mine === generation) {
        lastUpdateMs = Math.round(performance.now() - started);
        status.textContent = t("updated")(lastUpdateMs) + (note ? ` · ${note}` : "");
        note = "";
        status.dataset.state = "ready";
        document.body.dataset.figures = String(mine);
      }
    });
    const gaps = getJSON("/api/planner/gaps", {}, "gaps").then((data) => {
      state.gaps = data;
      renderGaps();
    });
    byId("picks").classList.add("stale");
    const picks = getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => {
      state.picks = data;
      renderPicks();
    });
    const checks = cfg.hasUnits ? getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => {
      state.checks = data;
      renderChecks();
    }) : Promise.resolve();
    Promise.all([figures, gaps, picks, checks]).catch((err2) => {
      if (isSuperseded(err2)) return;
      showError(err2);
      if (err2.status === 404 && /^add/.test(err2.message) && state.adds.length) {
        note = status.textContent;
        state.adds = state.adds.slice(0, -1);
        changed();
      }
    });
    renderDownloads();
  }
  function changed() {
    drawSites();
    renderChanges();
    refresh();
  }
  function renderTotals() {
    const body = byId("totals-body");
    body.replaceChildren();
    const data = state.figures;
    if (!data) return;
    const lines = [["residents", "residents_covered", "residents_share"]];
    if (data.city.elderly != null) lines.push(["elderly", "elderly_covered", "elderly_share"]);
    for (const [who, covered, share] of lines) {
      const before = data.baseline[share];
      const after = data.city[share];
      const diff = data.city[covered] - data.baseline[covered];
      const row = el("tr");
      row.append(el("th", t(`row_${who}`)));
      row.append(el("td", pct(before), "num"));
      const now = el("td", pct(after), "num strong");
      now.dataset.testid = `share-${who}`;
      row.append(now);
      const delta = el("td", (diff > 0 ? "+" : diff < 0 ? "−" : "±") + fmt(Math.abs(diff)), "num delta" + (diff > 0 ? " up" : diff < 0 ? " down" : ""));
      delta.dataset.testid = `delta-${who}`;
      row.append(delta);
      body.append(row);
      const sub = el("tr", null, "sub");
      sub.append(el("td"), el("td", fmt(data.baseline[covered]), "num"), el("td", fmt(data.city[covered]), "num"), el("td", `/ ${fmt(data.city[who])}`, "num"));
      body.append(sub);
    }
  }
  function renderChanges() {
    const list = byId("changes");
    list.replaceChildren();
    if (!state.adds.length && !state.closes.length) {
      list.append(el("li", t("no_changes"), "empty"));
      return;
    }
    const byId_ = Object.fromEntries(allSites.map((f2) => [f2.properties.site_id, f2.properties]));
    state.adds.forEach((a, i2) => {
      const item = el("li", null, "add");
      item.append(el("span", t("added")(`${catName(a.category)} ${i2 + 1}`, a.lon.toFixed(5), a.lat.toFixed(5))));
      const undo = el("button", t("remove"), "small");
      undo.type = "button";
      undo.addEventListener("click", () => {
        state.adds = state.adds.filter((_2, j2) => j2 !== i2);
        changed();
      });
      item.append(undo);
      list.append(item);
    });
    for (const id of state.closes) {
      const item = el("li", null, "close");
      item.append(el("span", t("closed")(byId_[id] ? byId_[id].name : id)));
      const undo = el("button", t("remove"), "small");
      undo.type = "button";
      undo.addEventListener("click", () => {
        state.closes = state.closes.filter((c2) => c2 !== id);
        changed();
      });
      item.append(undo);
      list.append(item);
    }
  }
  function renderPicks() {
    const list = byId("picks");
    list.replaceChildren();
    list.classList.remove("stale");
    drawPicks();
    const data = state.picks;
    if (!data) return;
    byId("picks-note").textContent = `${catName(state.category)} · ${state.minutes} ${t("min")} · ${t("share_of")(pct(data.total ? data.covered_before / data.total : 0))}`;
    if (!data.picks.length) {
      list.append(el("li", t("no_picks"), "empty"));
      return;
    }
    for (const p2 of data.picks) {
      const item = el("li");
      item.append(el("span", t(whoKey("pick_line", data.weight))(p2.added, fmt(p2.added), pct(p2.cumulative_share))));
      const adopt = el("button", t("add_pick"), "small");
      adopt.type = "button";
      adopt.addEventListener("click", () => propose(p2.lon, p2.lat));
      item.append(adopt);
      item.addEventListener("mouseenter", () => map.panTo([p2.lat, p2.lon], { animate: false }));
      list.append(item);
    }
  }
  function gapSummary(p2) {
    const box = el("div");
    const weight = state.gaps ? state.gaps.weight : "population";
    const one = (x2) => new Intl.NumberFormat(tag(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x2);
    box.append(el("strong", `#${p2.rank}`), el("div", t(whoKey("gap_line", weight))(p2.weight, fmt(p2.weight), one(p2.area_m2 / 1e4))));
    box.append(el("div", p2.nearest_minutes == null ? t("gap_nearest_none") : t("gap_nearest")(p2.nearest_site_name, one(p2.nearest_minutes))));
    return box;
  }
  var GAPS_LISTED = 8;
  function renderGaps() {
    const list = byId("gaps");
    list.replaceChildren();
    layers.gaps.clearLayers();
    const data = state.gaps;
    if (!data) return;
    layers.gaps.addData(data);
    byId("gaps-note").textContent = t(whoKey("uncovered", data.weight))(data.uncovered, fmt(data.uncovered));
    if (!data.features.length) {
      list.append(el("li", t("no_gaps"), "empty"));
      return;
    }
    for (const f2 of data.features.slice(0, GAPS_LISTED)) {
      const item = el("li");
      item.append(gapSummary(f2.properties));
      item.addEventListener("click", () => {
        const layer = layers.gaps.getLayers().find((l2) => l2.feature === f2);
        if (layer) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [30, 30] });
      });
      list.append(item);
    }
    if (data.features.length > GAPS_LISTED) list.append(el("li", t("more_gaps")(data.features.length - GAPS_LISTED), "empty"));
  }
  function checkValue(row) {
    if (row.value == null) return "—";
    const count = row.kind === "presence" && row.unit !== state.checks.city_total && row.level !== "city";
    return count ? fmt(row.value) : pct(row.value);
  }
  function renderChecks() {
    const body = byId("checks");
    body.replaceChildren();
    const data = state.checks;
    if (!data) return;
    const rows = data.checks.filter((r3) => {
      if (state.filter === "city") return r3.unit === data.city_total;
      if (state.filter === "fail") return r3.pass === false;
      return true;
    });
    const judged = data.checks.filter((r3) => r3.pass != null);
    byId("checks-summary").textContent = t("checks_summary")(judged.filter((r3) => r3.pass).length, judged.length);
    for (const r3 of rows) {
      const tr = el("tr", null, r3.unit === data.city_total ? "city" : "");
      const rule = el("td", null, "rule");
      rule.append(el("div", r3.title, "rule-title"));
      if (r3.description) rule.append(el("div", r3.description, "rule-source"));
      const metres = r3.kind === "walking" && r3.pace == null && r3.limit != null;
      const pace = r3.pace === "adult" ? t("pace_adult") : r3.pace === "elderly" ? t("pace_elderly") : metres ? t("metres") : "—";
      const verdict = r3.pass == null ? el("td", t("na"), "verdict na") : el("td", r3.pass ? t("pass") : t("fail"), r3.pass ? "verdict pass" : "verdict fail");
      tr.append(
        rule,
        el("td", r3.unit == null ? "—" : r3.unit),
        el("td", pace),
        el("td", r3.limit == null ? r3.note || "—" : r3.limit),
        el("td", checkValue(r3), "num"),
        el("td", r3.kind === "presence" && r3.unit !== data.city_total ? `≥ ${fmt(r3.count)}` : pct(r3.required), "num"),
        verdict
      );
      body.append(tr);
    }
  }
  var LAYER_KEYS = ["figures", "gaps", "picks", "scorecard", "sites"];
  function renderDownloads() {
    const list = byId("downloads");
    list.replaceChildren();
    for (const layer of LAYER_KEYS) {
      if (layer === "scorecard" && !cfg.hasUnits) continue;
      const item = el("li");
      item.append(el("span", t(`layer_${layer}`), "dl-name"));
      for (const format of ["csv", "gpkg"]) {
        const q2 = params({ k: state.k, standard: state.standard, layer, format });
        const url = new URL(`/api/planner/download?${q2.toString()}`, location.href).href;
        const link = linkOrText(format === "csv" ? "CSV" : "GeoPackage", url);
        link.removeAttribute("target");
        link.download = "";
        link.className = "dl";
        link.dataset.layer = layer;
        link.dataset.format = format;
        item.append(link);
      }
      list.append(item);
    }
  }
  function writeURL() {
    const q2 = new URLSearchParams({
      lang: state.lang,
      category: state.category,
      minutes: state.minutes,
      pace: state.pace,
      profile: state.profile,
      who: state.who,
      standard: state.standard,
      k: state.k
    });
    history.replaceState(null, "", `${location.pathname}?${q2.toString()}`);
  }
  function renderWhatIfMode() {
    const button = byId("whatif-toggle");
    button.textContent = t(state.whatif ? "whatif_on" : "whatif_off");
    button.setAttribute("aria-pressed", String(state.whatif));
    button.classList.toggle("on", state.whatif);
    byId("whatif-hint").textContent = t(state.whatif ? "whatif_hint_on" : "whatif_hint_off");
    byId("map").classList.toggle("whatif", state.whatif);
    byId("add-category").disabled = state.category !== "all";
    if (state.category !== "all") byId("add-category").value = state.category;
  }
  function renderAll() {
    applyPlannerLanguage(state.lang, cfg);
    document.title = `${cfg.cityNames[state.lang]} · ${t("title")}`;
    document.querySelectorAll("#topbar .city").forEach((e) => {
      e.textContent = cfg.cityNames[state.lang];
    });
    labelOverlays();
    legend.render();
    renderWhatIfMode();
    renderTotals();
    renderChanges();
    renderPicks();
    renderGaps();
    renderChecks();
    renderDownloads();
    drawSites();
    if (!cfg.hasUnits) {
      byId("scorecard-note").textContent = t("no_units");
    }
    if (status.dataset.state === "ready" && lastUpdateMs != null) status.textContent = t("updated")(lastUpdateMs);
  }
  function bindSelect(id, key, onChange) {
    const select = byId(id);
    select.value = state[key];
    select.addEventListener("change", () => {
      state[key] = select.value;
      writeURL();
      onChange();
    });
  }
  bindSelect("category", "category", () => {
    drawSites();
    renderWhatIfMode();
    refresh();
  });
  bindSelect("minutes", "minutes", () => {
    legend.render();
    refresh();
  });
  bindSelect("pace", "pace", refresh);
  bindSelect("profile", "profile", refresh);
  bindSelect("who", "who", () => {
    legend.render();
    layers.units.setStyle(unitStyle);
  });
  bindSelect("k", "k", () => {
    getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => {
      state.picks = data;
      renderPicks();
    }).catch(showError);
    renderDownloads();
  });
  bindSelect("standard", "standard", () => {
    getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => {
      state.checks = data;
      renderChecks();
    }).catch(showError);
    renderDownloads();
  });
  byId("check-filter").addEventListener("change", (e) => {
    state.filter = e.target.value;
    renderChecks();
  });
  byId("whatif-toggle").addEventListener("click", () => {
    state.whatif = !state.whatif;
    renderWhatIfMode();
  });
  byId("whatif-clear").addEventListener("click", () => {
    state.adds = [];
    state.closes = [];
    changed();
  });
  byId("lang").value = state.lang;
  byId("lang").addEventListener("change", (e) => {
    state.lang = e.target.value;
    background.setLanguage(tag());
    writeURL();
    renderAll();
    if (cfg.hasUnits) {
      getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => {
        state.checks = data;
        renderChecks();
      }).catch(showError);
    }
  });
  if (!cfg.hasElderly) byId("who").disabled = true;
  document.body.classList.toggle("no-units", !cfg.hasUnits);
  renderAll();
  loadUnits();
  api.get("/api/sites", {}, "sites").then((data) => {
    allSites = data.features;
    presentCategories = new Set(allSites.map((f2) => f2.properties.category));
    legend.render();
    drawSites();
    renderChanges();
  }).catch(showError);
  refresh();
})();
