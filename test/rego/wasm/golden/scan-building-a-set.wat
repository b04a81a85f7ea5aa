;; scan building a set
(func $__gpc_init (local i32×1)
  i32.const 1088
  call $rt_reserve
  drop
  i32.const 1040
  i32.const 0
  i32.const 45
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1071
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1075
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 1076
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.s
    return
  end
  i32.const 0
)
(func $t.s (param i32 i32) (result i32) (local i32×7)
  block
    call $rt_make_set
    local.set 2
    local.get 0
    i32.const 0
    i32.load offset=1032
    call $rt_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 3
    local.tee 6
    call $rt_iter_count
    local.set 7
    i32.const 0
    local.set 8
    block
      loop
        local.get 8
        local.get 7
        i32.ge_u
        br_if 1
        local.get 6
        local.get 8
        call $rt_iter_key
        local.set 4
        local.get 6
        local.get 8
        call $rt_iter_value
        local.set 5
        block
          local.get 5
          i32.eqz
          br_if 0
          i32.const 0
          i32.load offset=1036
          i32.eqz
          br_if 0
          local.get 5
          i32.const 0
          i32.load offset=1036
          call $rt_equal
          br_if 0
          local.get 2
          local.get 5
          call $rt_set_add
          i32.eqz
          br_if 0
        end
        local.get 8
        i32.const 1
        i32.add
        local.set 8
        br 0
      end
    end
  end
  local.get 2
)
